package org.rounds.client.cli;

/** Whether a window can open here; a one-line answer when it cannot. */
public final class Displays {
    private Displays() {}

    public static void requireDisplay(String command) {
        if (!available()) {
            throw new IllegalStateException("no display (DISPLAY is not set): start an X server, e.g. "
                    + "'Xvfb :99 & DISPLAY=:99 ./rounds " + command + "'"
                    + ("demo".equals(command) ? ", or run './rounds demo --headless'" : ""));
        }
    }

    /** Whether a window can open: anywhere but a Linux without an X or Wayland display. */
    static boolean available() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("linux") || "Monocle".equals(System.getProperty("glass.platform"))) return true;
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}
