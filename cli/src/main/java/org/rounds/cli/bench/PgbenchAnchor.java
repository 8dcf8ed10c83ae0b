package org.rounds.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rounds.broker.store.Tenant;

/**
 * The physical anchor of {@code rounds bench broker}: PostgreSQL's own {@code pgbench} running
 * the statements one tap runs, on the same database, so that the broker's rate can be read
 * against what the database alone does with the same work.
 *
 * <p>The script is a takeover tap as {@code TapService} makes it (read from TapService.tapOnce,
 * decide, claim and carryOut, and the store classes they call): the replay check of the tap id
 * and the badge lookup, each in its own transaction, then one transaction that reads the
 * endpoint's kind, inserts the pending tap, looks the badge up again, checks the kiosk
 * assignments, locks the session row, reads the user's authentication state, moves the
 * session, appends the audit row, reads the old owner's push broker, records the broker that
 * serves the desktop and writes the decision. Differences, all small: the badge's HMAC comes from
 * a helper table by user number (the broker computes it in memory), the session's generation is
 * incremented rather than compared-and-set with the value read, and each BEGIN is a round trip
 * of its own (pgjdbc sends it with the first statement). Every statement names the practice
 * ({@code tenant_id = 'default'}, the leading column of every key since V16) and every
 * transaction sets it first, as the broker's do: without those a lookup by id scanned its table,
 * and the anchor fell from 1,249 taps/s with 2,000 endpoints to 231 with 20,000. {@code -M
 * prepared}, as pgjdbc uses server-side prepared statements for statements it runs often.
 */
final class PgbenchAnchor {
    /** pgbench's figures: transactions (taps) per second and mean latency. */
    record Result(double tapsPerSecond, double latencyMsAvg, int clients) {}

    private PgbenchAnchor() {}

    /**
     * Runs the tap script for {@code seconds} with {@code clients} connections against the
     * database {@code dbUrl} names ({@code postgresql://user@host:port/db}), whose users
     * {@code bench-u0..} and endpoints {@code bench-ep-0..} the bench made.
     */
    static Result run(String dbUrl, int users, int endpoints, int clients, int seconds) throws Exception {
        Path pgbench = ThrowawayPostgres.binDir().resolve("pgbench");
        if (!Files.isExecutable(pgbench)) throw new IOException("no pgbench in " + pgbench.getParent() + " (the postgresql package has it)");
        URI u = URI.create(dbUrl);
        String user = u.getUserInfo() == null ? ThrowawayPostgres.USER : u.getUserInfo().split(":", 2)[0];
        String password = u.getUserInfo() != null && u.getUserInfo().contains(":") ? u.getUserInfo().split(":", 2)[1] : null;
        String db = u.getPath().substring(1);
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + port + "/" + db;
        sql(jdbc, user, password, "DROP TABLE IF EXISTS rounds_pgbench_badges",
                "CREATE TABLE rounds_pgbench_badges AS SELECT CAST(SUBSTRING(user_id FROM 8) AS INT) AS n, badge_hmac "
                        + "FROM badges WHERE user_id LIKE 'bench-u%'",
                "ALTER TABLE rounds_pgbench_badges ADD PRIMARY KEY (n)");
        Path script = Files.createTempFile("rounds-pgbench-tap", ".sql");
        try {
            Files.writeString(script, script(users, endpoints), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared", "-f", script.toString(),
                    "-T", Integer.toString(seconds), "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                    "-h", u.getHost(), "-p", Integer.toString(port), "-U", user, db));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (password != null) pb.environment().put("PGPASSWORD", password);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("pgbench did not finish in " + (seconds + 60) + " s");
            }
            if (p.exitValue() != 0) throw new IOException("pgbench exited with " + p.exitValue() + ": " + lastLine(out));
            return new Result(number(out, "tps = ([0-9.]+)"), number(out, "latency average = ([0-9.]+) ms"), clients);
        } finally {
            Files.deleteIfExists(script);
            sql(jdbc, user, password, "DROP TABLE IF EXISTS rounds_pgbench_badges");
        }
    }

    private static void sql(String jdbc, String user, String password, String... statements) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement()) {
            for (String statement : statements) s.execute(statement);
        }
    }

    /** One takeover tap, as TapService runs it (see the class comment). */
    static String script(int users, int endpoints) {
        String tap = "'pgb-' || :client_id || '-' || :t", ep = "'bench-ep-' || :e", user = "'bench-u' || :u";
        // the bench's users and endpoints are the default practice's; every statement names it, as the broker's do
        String practice = "'" + Tenant.DEFAULT.name() + "'", t = "tenant_id = " + practice;
        // every transaction of the broker's starts by naming its practice (Tx.run), which row-level security reads
        String begin = "BEGIN;\nSELECT set_config('rounds.tenant', " + practice + ", true), set_config('rounds.service', 'off', true);\n";
        String badge = "SELECT u.id, u.display_name FROM badges b JOIN users u ON u.tenant_id = b.tenant_id AND u.id = b.user_id "
                + "WHERE b." + t + " AND b.badge_hmac = (SELECT badge_hmac FROM rounds_pgbench_badges WHERE n = :u);\n";
        return "\\set u random(0, " + (users - 1) + ")\n"
                + "\\set e random(0, " + (endpoints - 1) + ")\n"
                + "\\set o random(0, " + (endpoints - 1) + ")\n"
                + "\\set t random(1, 1000000000000000)\n"
                + begin + "SELECT endpoint_id, decision FROM taps WHERE " + t + " AND tap_id = " + tap + ";\nCOMMIT;\n"
                + begin + badge + "COMMIT;\n"
                + begin
                + "SELECT kind FROM endpoints WHERE " + t + " AND id = " + ep + ";\n"
                + "INSERT INTO taps (tenant_id, tap_id, endpoint_id, decision, decided_at) VALUES (" + practice + ", " + tap + ", " + ep
                + ", NULL, now());\n"
                + badge
                + "SELECT 1 FROM kiosk_assignments WHERE " + t + " AND user_id = " + user + ";\n"
                + "SELECT owner_endpoint, generation, state, desktop_broker, desktop_host FROM desktop_sessions WHERE " + t
                + " AND user_id = " + user + " FOR UPDATE;\n"
                + "SELECT u.pin_hash, u.password_hash, u.last_full_auth, f.failed_attempts, f.locked_until FROM users u "
                + "LEFT JOIN auth_failures f ON f.tenant_id = u.tenant_id AND f.user_id = u.id AND f.source = 'addr:127.0.0.1' "
                + "WHERE u." + t + " AND u.id = " + user + ";\n"
                + "UPDATE desktop_sessions SET owner_endpoint = " + ep + ", generation = generation + 1, state = 'active', "
                + "updated_at = now() WHERE " + t + " AND user_id = " + user + ";\n"
                + "INSERT INTO audit (at, kind, user_id, endpoint_id, detail, actor, tenant_id) VALUES (now(), 'takeover', " + user
                + ", " + ep + ", 'from an endpoint to another at a generation (pgbench)', NULL, " + practice + ");\n"
                + "SELECT broker_id FROM push_channels WHERE " + t + " AND endpoint_id = 'bench-ep-' || :o;\n"
                + "UPDATE desktop_sessions SET desktop_broker = 'pgbench' WHERE " + t + " AND user_id = " + user + ";\n"
                // a sealed Connect decision is about 400 characters
                + "UPDATE taps SET decision = repeat('d', 400), decided_at = now() WHERE " + t + " AND tap_id = " + tap + ";\n"
                + "COMMIT;\n";
    }

    private static double number(String out, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) throw new IOException("pgbench printed no '" + regex.substring(0, regex.indexOf(' ')) + "': " + lastLine(out));
        return Double.parseDouble(m.group(1));
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
