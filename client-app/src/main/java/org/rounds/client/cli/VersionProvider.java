package org.rounds.client.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), with the Java runtime beside it. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "rounds " + (v == null ? "development build" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
