package org.rounds.cli.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the {@code rounds broker hosts|gateways|endpoints|users} subcommands print, written once:
 * the check of a name, the one-time enrolment code, a list as a table or JSON, and the check that a revoked name was known.
 */
final class AdminPrint {
    private AdminPrint() {
    }

    /** A name, id or user as the store takes it; the message names the parameter by its label. */
    static String checkedName(String label, String value) {
        if (!value.matches("[A-Za-z0-9._:-]{1,64}")) throw new IllegalArgumentException(label + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
        return value;
    }

    /** The one place a code is shown: stdout of the admin who asked, never a log. */
    static void enrolmentCode(CommandSpec spec, String code) {
        spec.commandLine().getOut().println("enrolment code: " + code);
        spec.commandLine().getOut().flush();
    }

    /** {@code revoked NAME}, or the store's one-line message when no such name was added. */
    static void revoked(CommandSpec spec, String name, boolean known, String unknownMessage) {
        if (!known) throw new IllegalArgumentException(unknownMessage);
        spec.commandLine().getOut().println("revoked " + name);
    }

    /** The items as a JSON array of the records' fields ({@code --json}), else as {@link #table}. */
    static <T> void listing(CommandSpec spec, boolean json, List<T> items, String[] header, Function<T, String[]> row)
            throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(items));
        } else {
            List<String[]> rows = new ArrayList<>();
            for (T item : items) rows.add(row.apply(item));
            table(out, header, rows);
        }
        out.flush();
    }

    /** Columns as wide as their widest cell, two spaces apart, the last one not padded. */
    static void table(PrintWriter out, String[] header, List<String[]> body) {
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        rows.addAll(body);
        int[] width = new int[header.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) line.append("  ");
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s", r[i]));
            }
            out.println(line);
        }
    }
}
