package org.rounds.client.doctor;

import java.util.Objects;

/**
 * One line of the doctor's report.
 *
 * @param name   what was checked, e.g. {@code "Java"}
 * @param ok     whether it is usable
 * @param detail what was found, or what to install when it is missing (one line)
 */
public record Check(String name, boolean ok, String detail) {

    public Check {
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail.replaceAll("[\\r\\n]+", " ").strip();
    }

    static Check ok(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check missing(String name, String detail) {
        return new Check(name, false, detail);
    }
}
