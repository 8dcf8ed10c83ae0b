package org.rounds.client.cli;

/** Whether a window can open here; a one-line answer when it cannot. */
public final class Displays {
    private Displays() {}

    public static void requireDisplay(String command) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("linux") || "Monocle".equals(System.getProperty("glass.platform"))) return;
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new IllegalStateException("no display (DISPLAY is not set): start an X server, e.g. "
                    + "'Xvfb :99 & DISPLAY=:99 ./rounds " + command + "'"
                    + ("demo".equals(command) ? ", or run './rounds demo --headless'" : ""));
        }
    }
}
