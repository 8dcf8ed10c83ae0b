package org.rounds.broker.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/**
 * Purges taps, PIN challenges and audit rows older than the retention period, and tunnel
 * tickets as soon as they have expired (a minute after they were issued), audit rows only
 * once written (and synced) as JSON lines to {@code audit-YYYY-MM-DD.jsonl} in the export
 * directory. Batched: each batch is one short transaction of at most {@link #BATCH} rows, so no
 * tap waits long on the job's locks. Brokers sharing a PostgreSQL store may run it at once:
 * they skip each other's locked rows, each exporting what it deletes. A broker killed between a
 * batch's export and its commit leaves those rows in the store, and they are exported again by
 * the next run: an audit row may be exported twice, never lost.
 */
public final class Retention {
    static final int BATCH = 1000;

    private final Database db;
    private final Duration keep;
    private final Path exportDir;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** What one run removed, and the file the audit rows went to. */
    public record Purged(long taps, long challenges, long auditRows, Path export, long tickets) {}

    public Retention(Database db, int days, Path exportDir, Clock clock) {
        if (days < 1) throw new IllegalArgumentException("--retention-days " + days + " must be at least 1");
        this.db = db;
        this.keep = Duration.ofDays(days);
        this.exportDir = exportDir;
        this.clock = clock;
    }

    /** One pass over the store: everything older than the retention period goes, batch by batch. */
    public Purged run() throws SQLException, IOException {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minus(keep));
        Path export = exportDir.resolve("audit-" + now.atOffset(ZoneOffset.UTC).toLocalDate() + ".jsonl");
        long audit = 0;
        for (int n; (n = exportAndDeleteAudit(cutoff, export)) > 0; ) audit += n;
        long taps = deleteInBatches("DELETE FROM taps WHERE tap_id IN (SELECT tap_id FROM taps WHERE decided_at < ? "
                + "ORDER BY decided_at LIMIT " + BATCH + ")", cutoff);
        long challenges = deleteInBatches("DELETE FROM pin_challenges WHERE token IN (SELECT token FROM pin_challenges "
                + "WHERE expires_at < ? LIMIT " + BATCH + ")", cutoff);
        long tickets = deleteInBatches("DELETE FROM tunnel_tickets WHERE ticket_sha256 IN (SELECT ticket_sha256 FROM tunnel_tickets "
                + "WHERE expires_at < ? LIMIT " + BATCH + ")", Timestamp.from(now));
        return new Purged(taps, challenges, audit, export, tickets);
    }

    private long deleteInBatches(String sql, Timestamp cutoff) throws SQLException {
        long total = 0;
        for (int n; (n = Tx.asService(db, "retention: purging old rows of every practice", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, cutoff);
                return ps.executeUpdate();
            }
        })) > 0; ) total += n;
        return total;
    }

    /** One batch of audit rows: locked, appended to the export file and synced, then deleted, in one transaction. */
    private int exportAndDeleteAudit(Timestamp cutoff, Path export) throws SQLException, IOException {
        try {
            return Tx.asService(db, "retention: exporting and purging old audit rows of every practice", c -> {
                List<Long> ids = new ArrayList<>();
                StringBuilder lines = new StringBuilder();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, at, kind, user_id, endpoint_id, detail, actor, tenant_id FROM audit "
                        + "WHERE at < ? ORDER BY id LIMIT " + BATCH + " FOR UPDATE" + (db.isPostgres() ? " SKIP LOCKED" : ""))) {
                    ps.setTimestamp(1, cutoff);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            lines.append(line(rs)).append('\n');
                        }
                    }
                }
                if (ids.isEmpty()) return 0;
                append(export, lines.toString());
                try (PreparedStatement del = c.prepareStatement("DELETE FROM audit WHERE id = ?")) {
                    for (long id : ids) {
                        del.setLong(1, id);
                        del.addBatch();
                    }
                    del.executeBatch();
                }
                return ids.size();
            });
        } catch (ExportFailed e) {
            throw e.getCause();
        }
    }

    private String line(ResultSet rs) throws SQLException {
        ObjectNode o = json.createObjectNode();
        o.put("id", rs.getLong(1));
        o.put("at", rs.getTimestamp(2).toInstant().toString());
        o.put("kind", rs.getString(3));
        o.put("userId", rs.getString(4));
        o.put("endpointId", rs.getString(5));
        o.put("detail", rs.getString(6));
        o.put("actor", rs.getString(7));
        o.put("tenant", rs.getString(8));   // the practice whose trail it was (issue 23): the export holds every practice's
        return o.toString();
    }

    /** Appends and syncs: the rows are deleted only once their lines are on disk. */
    private static void append(Path export, String lines) {
        try {
            Files.createDirectories(export.getParent());
            try (FileChannel ch = FileChannel.open(export, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new ExportFailed(e);
        }
    }

    /** Carries an export failure out of the transaction (which it rolls back: nothing is deleted). */
    private static final class ExportFailed extends RuntimeException {
        ExportFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
