package org.rounds.display.client;

/**
 * The server's answer to {@link RfbSession#requestDesktopSize}: ExtendedDesktopSize status
 * {@code code} (0 = done) and the framebuffer size now in force.
 */
public record DesktopSizeResult(int code, int width, int height) {

    public boolean ok() { return code == 0; }

    /** The rfbproto meaning of the status code. */
    public String meaning() {
        return switch (code) {
            case 0 -> "no error";
            case 1 -> "resize is administratively prohibited";
            case 2 -> "out of resources";
            case 3 -> "invalid screen layout";
            case 4 -> "request forwarded (may complete asynchronously)";
            default -> "unknown status " + code;
        };
    }
}
