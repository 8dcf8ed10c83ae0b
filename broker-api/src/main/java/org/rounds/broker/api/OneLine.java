package org.rounds.broker.api;

/** Errors as people see them: one line, naming what was wrong. */
public final class OneLine {
    private OneLine() {}

    /** The message of {@code e} on one line, or its type's name when it has none. */
    public static String of(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").strip();
    }
}
