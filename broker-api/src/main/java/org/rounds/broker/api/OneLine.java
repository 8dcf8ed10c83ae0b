package org.rounds.broker.api;

/** Errors as people see them: one line, naming what was wrong. Every module's one copy of this. */
public final class OneLine {
    private OneLine() {}

    /** The message of {@code e} on one line, or its type's name when it has none. */
    public static String of(Throwable e) {
        return flat(messageOf(e));
    }

    /**
     * {@link #of}, plus the root cause's message when it says more: OkHttp's "Failed to connect
     * to /10.0.0.1:8080" hides the "Connection refused" underneath.
     */
    public static String withRootCause(Throwable e) {
        String text = messageOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String rootText = messageOf(root);
        if (root != e && !text.contains(rootText)) text = text + " (" + rootText + ")";
        return flat(text);
    }

    /** "Type: message" on one line, where the type says what failed (an UnsatisfiedLinkError, say). */
    public static String withType(Throwable e) {
        String m = e.getMessage();
        return flat(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
