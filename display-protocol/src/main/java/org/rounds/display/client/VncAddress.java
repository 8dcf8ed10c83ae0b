package org.rounds.display.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A VNC server address as users write it: {@code vnc://host:port}, {@code host::port} (a TCP
 * port), {@code host:N} (display N, port 5900+N, when N is below 100, as TigerVNC reads it) or
 * just {@code host} (port 5900). IPv6 hosts go in brackets: {@code vnc://[::1]:5901}.
 */
public record VncAddress(String host, int port) {
    static final int BASE_PORT = 5900;

    public VncAddress {
        if (host.isEmpty()) throw new IllegalArgumentException("VNC address has no host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("VNC port " + port + " is outside 1..65535");
    }

    /** Parses {@code text}; a malformed address throws with a one-line message quoting it. */
    public static VncAddress parse(String text) {
        String t = text.strip();
        try {
            if (t.regionMatches(true, 0, "vnc://", 0, 6)) {
                URI u = new URI(t);
                if (u.getHost() == null) throw bad(text, "no host");
                if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) throw bad(text, "a path is not allowed");
                String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
                return new VncAddress(host, u.getPort() < 0 ? BASE_PORT : u.getPort());
            }
            if (t.contains("://")) throw bad(text, "only vnc:// URLs are understood");
            int dbl = t.indexOf("::");
            if (dbl > 0 && t.indexOf(':') == dbl && t.indexOf(':', dbl + 2) < 0) {
                return new VncAddress(t.substring(0, dbl), number(text, t.substring(dbl + 2)));
            }
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) throw bad(text, "unclosed [");
                String rest = t.substring(close + 1);
                String host = t.substring(1, close);
                if (rest.isEmpty()) return new VncAddress(host, BASE_PORT);
                if (rest.startsWith("::")) return new VncAddress(host, number(text, rest.substring(2)));
                if (rest.startsWith(":")) return display(text, host, rest.substring(1));
                throw bad(text, "unexpected \"" + rest + "\"");
            }
            int colon = t.indexOf(':');
            if (colon < 0) return new VncAddress(t, BASE_PORT);
            if (t.indexOf(':', colon + 1) >= 0) throw bad(text, "IPv6 addresses go in brackets, e.g. [::1]::5901");
            return display(text, t.substring(0, colon), t.substring(colon + 1));
        } catch (URISyntaxException e) {
            throw bad(text, e.getReason());
        }
    }

    private static VncAddress display(String text, String host, String n) {
        int v = number(text, n);
        return new VncAddress(host, v < 100 ? BASE_PORT + v : v);
    }

    private static int number(String text, String s) {
        if (!s.matches("\\d{1,5}")) throw bad(text, "\"" + s + "\" is not a port or display number");
        return Integer.parseInt(s);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad VNC address \"" + text + "\": " + why
                + " (use vnc://host:port, host::port or host:display)");
    }

    @Override
    public String toString() { return (host.contains(":") ? "[" + host + "]" : host) + "::" + port; }
}
