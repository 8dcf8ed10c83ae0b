package org.rounds.broker.api;

/** What {@code --version} prints: the build's version (from the jar's manifest) and the Java runtime. */
public final class Version {
    private Version() {}

    /** {@code command}'s version lines; {@code anchor} is any class of the jar that carries the manifest. */
    public static String[] lines(String command, Class<?> anchor) {
        String v = anchor.getPackage().getImplementationVersion();
        return new String[] {
            command + " " + (v == null ? "development build" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
