package org.rounds.device.hid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/** Replays a recorded session (see test resources {@code pcprox/README.md}), checking what the driver sends. */
final class RecordedTransport implements HidTransport {

    private final String source;
    private final Deque<String> lines;
    private final List<String> mismatches = new ArrayList<>();
    private volatile boolean closed;

    RecordedTransport(String resource) throws IOException {
        this.source = resource;
        try (InputStream in = RecordedTransport.class.getResourceAsStream("/pcprox/" + resource)) {
            if (in == null) {
                throw new IOException("no fixture " + resource);
            }
            lines = new ArrayDeque<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    lines.add(l);
                }
            }
        }
    }

    @Override
    public synchronized int sendFeatureReport(byte[] data, byte reportId) {
        String next = lines.peek();
        if (next == null || next.startsWith("!")) {
            return -1;
        }
        lines.poll();
        String sent = "> " + HexFormat.of().withUpperCase().formatHex(data);
        if (reportId != 0 || !next.equalsIgnoreCase(sent)) {
            mismatches.add(source + ": expected '" + next + "', driver sent '" + sent + "' to report " + reportId);
        }
        return data.length;
    }

    @Override
    public synchronized int getFeatureReport(byte[] data, byte reportId) {
        String next = lines.peek();
        if (next == null || !next.startsWith("<")) {
            return -1;
        }
        lines.poll();
        byte[] answer = HexFormat.of().parseHex(next.substring(1).strip());
        Arrays.fill(data, (byte) 0);
        System.arraycopy(answer, 0, data, 0, Math.min(answer.length, data.length));
        return data.length;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    synchronized boolean exhausted() {
        return lines.isEmpty() || lines.peek().startsWith("!");
    }
}
