package org.rounds.broker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.rounds.broker.store.Database;
import org.rounds.broker.takeover.Cluster;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers on one PostgreSQL asking each other. A request or an answer is a row of
 * {@code cluster_messages} addressed to a broker, and a NOTIFY on its channel
 * ({@code rounds_<id>}) wakes it to read (and delete) its rows. Notifications are not
 * replicated, and a broker whose primary failed over listens again on the new one: it then
 * catches up from the rows, so nothing another broker sent meanwhile is lost. A broker is alive
 * while its lease ({@link Leases}) has not expired; a broker killed mid-request never answers,
 * and the asker's bounded wait runs out.
 */
public final class ClusterBus implements Cluster, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);

    /** What this broker does when another asks; both return whether it was done. */
    public interface Local {
        boolean push(String endpointId, PushEvent event, Duration wait);

        /** As {@link #push(String, PushEvent, Duration)}, to endpoint {@code endpointId} of practice {@code tenant}. */
        default boolean push(Tenant tenant, String endpointId, PushEvent event, Duration wait) {
            return tenant.isDefault() && push(endpointId, event, wait);
        }

        boolean closeViewers(String userId, boolean logoff);

        /** Sends {@code command} to desktop host {@code host} over the control channel this broker holds. */
        default HostMessage.Reply hostCommand(String host, HostMessage.Command command, Duration wait) {
            return new HostMessage.Reply(command.id(), false, "this broker holds no host channels");
        }
    }

    /** How long an answer waits for its asker: beyond the longest ask ({@link #closeViewers}). */
    private static final Duration ANSWER_TTL = Duration.ofSeconds(15);

    private final Database db;
    private final ObjectMapper json;
    private final Local local;
    /** Seals the one-time passwords relayed to hosts: NOTIFY payloads pass through the database and may reach its logs. */
    private final org.rounds.broker.auth.SecretSeal seal;
    private final String id = newId();
    private final Map<String, CompletableFuture<ObjectNode>> awaiting = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newCachedThreadPool(r -> daemon(r, "rounds-cluster-work"));
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread listener;
    private final Leases leases;
    private final Object sendLock = new Object();
    private Connection sender;
    private volatile boolean closed;

    /** Starts listening; returns once the LISTEN is in place (or after 10 s, with a warning). */
    public ClusterBus(Database db, ObjectMapper json, Local local) {
        this(db, json, local, null);
    }

    /**
     * As above; {@code seal} (the key every broker of the database shares) seals the passwords of
     * {@link HostMessage.Admit}s relayed to the broker holding a host's channel. Without it, no
     * Admit is relayed.
     */
    public ClusterBus(Database db, ObjectMapper json, Local local, org.rounds.broker.auth.SecretSeal seal) {
        this.seal = seal;
        if (!db.isPostgres()) throw new IllegalArgumentException("brokers share a database only on PostgreSQL");
        this.db = db;
        this.json = json;
        this.local = local;
        this.leases = new Leases(db, id);
        this.listener = daemon(this::listen, "rounds-cluster-listen");
        listener.start();
        try {
            if (!listening.await(10, TimeUnit.SECONDS)) log.warn("broker {} is not yet listening to the other brokers", id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 16 hex digits, new at every start: a restarted broker holds nothing of its earlier life. */
    private static String newId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String brokerId() {
        return id;
    }

    @Override
    public boolean alive(String brokerId) {
        return brokerId.equals(id) || (leases.alive(brokerId) && !leases.processGone(brokerId));
    }

    /**
     * Where this broker serves ({@code host:port}, an address its peers can dial): a peer that
     * finds the port refusing connections takes this broker for gone without waiting out its lease.
     */
    public void advertise(String hostPort) {
        leases.advertise(hostPort);
    }

    @Override
    public boolean push(String brokerId, String endpointId, PushEvent event, Duration wait) {
        return push(brokerId, Tenant.DEFAULT, endpointId, event, wait);
    }

    /** The message names the endpoint's practice: the holder pushes to that practice's endpoint of this id only. */
    @Override
    public boolean push(String brokerId, Tenant tenant, String endpointId, PushEvent event, Duration wait) {
        ObjectNode m = json.createObjectNode().put("kind", "push").put("tenant", tenant.name()).put("endpoint", endpointId)
                .put("waitMs", wait.toMillis());
        m.set("event", json.valueToTree(event));
        return ask(brokerId, m, wait.plusMillis(200));   // the holder waits `wait` for the endpoint, then answers
    }

    /**
     * True when the broker closed the viewers, or when its lease expired (it is gone, and the
     * viewers it served with it). A broker whose lease is fresh is waited for beyond {@code wait}
     * until it answers or its lease runs out: after a failover it catches the request up once it
     * listens on the new primary. False when it stays alive and silent for all of that.
     */
    @Override
    public boolean closeViewers(String brokerId, String userId, boolean logoff, Duration wait) {
        Asked a = askFor(brokerId, json.createObjectNode().put("kind", "close-viewers").put("user", userId).put("logoff", logoff),
                wait, true);
        return a.gone() || a.answer() != null && a.answer().path("ok").asBoolean();
    }

    @Override
    public HostMessage.Reply hostCommand(String brokerId, String host, HostMessage.Command command, Duration wait) {
        ObjectNode m = json.createObjectNode().put("kind", "host-command").put("host", host).put("waitMs", wait.toMillis());
        ObjectNode c = json.valueToTree(command);
        String commandId = command.id();
        if (command instanceof HostMessage.Admit a) {
            if (seal == null) return new HostMessage.Reply(commandId, false, "this broker has no seal key to relay a credential to another broker");
            c.put("password", seal.seal(a.password().getBytes(java.nio.charset.StandardCharsets.UTF_8), "host-admit:" + commandId));
        }
        m.set("command", c);
        ObjectNode answer = askFor(brokerId, m, wait.plusMillis(200), false).answer();   // the holder waits `wait` for the host, then answers
        if (answer == null) return new HostMessage.Reply(commandId, false, "broker " + brokerId + " holding host " + host + "'s channel did not answer");
        return new HostMessage.Reply(commandId, answer.path("ok").asBoolean(), answer.path("error").asText(""));
    }

    private boolean ask(String brokerId, ObjectNode request, Duration wait) {
        ObjectNode answer = askFor(brokerId, request, wait, false).answer();
        return answer != null && answer.path("ok").asBoolean();
    }

    /** What asking a broker came to: its answer (null when none came), or that its lease had expired. */
    private record Asked(ObjectNode answer, boolean gone) {}

    /**
     * Asks and waits {@code wait} for the answer; with {@code whileAlive}, then on while the
     * broker's lease is fresh, at most its term more.
     */
    private Asked askFor(String brokerId, ObjectNode request, Duration wait, boolean whileAlive) {
        String kind = request.get("kind").asText();
        if (!leases.alive(brokerId) || leases.processGone(brokerId)) {
            log.info("broker {} is gone (its lease expired, or its port refuses connections); not waiting for it to {}", brokerId, kind);
            return new Asked(null, true);
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        awaiting.put(requestId, answer);
        Duration longest = whileAlive ? wait.plus(Leases.TERM) : wait;
        try {
            send(brokerId, request.put("id", requestId).put("from", id), longest.plusSeconds(1));
            try {
                return new Asked(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS), false);
            } catch (java.util.concurrent.TimeoutException e) {
                if (!whileAlive) throw e;
            }
            long end = System.nanoTime() + Leases.TERM.toNanos();
            while (System.nanoTime() < end) {
                try {
                    return new Asked(answer.get(250, TimeUnit.MILLISECONDS), false);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (!leases.alive(brokerId)) {
                        log.info("broker {} did not answer {} and its lease expired: it is gone", brokerId, kind);
                        return new Asked(null, true);
                    }
                    if (leases.processGone(brokerId)) {
                        log.info("broker {} did not answer {} and its port refuses connections: it is gone", brokerId, kind);
                        return new Asked(null, true);
                    }
                }
            }
            log.warn("broker {} holds its lease but did not answer {} within {} ms", brokerId, kind, longest.toMillis());
            return new Asked(null, false);
        } catch (java.util.concurrent.TimeoutException e) {
            log.info("broker {} did not answer {} within {} ms", brokerId, kind, wait.toMillis());
            return new Asked(null, false);
        } catch (Exception e) {
            log.warn("asking broker {} to {} failed: {}", brokerId, kind, e.getMessage());
            return new Asked(null, false);
        } finally {
            awaiting.remove(requestId);
        }
    }

    private static String applicationName(String brokerId) {
        return "rounds-broker-" + brokerId;
    }

    /**
     * Stores {@code message} for the broker (kept until it reads it, or {@code ttl} passes) and
     * wakes it with a NOTIFY, in one statement: both or neither. Over a connection of our own,
     * never one a transaction holds.
     */
    private void send(String brokerId, ObjectNode message, Duration ttl) throws SQLException {
        String payload = message.toString();
        synchronized (sendLock) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (sender == null || sender.isClosed()) sender = db.openDedicatedUnsynchronised();
                    try (PreparedStatement ps = sender.prepareStatement("WITH m AS (INSERT INTO cluster_messages (to_broker, payload, "
                            + "expires_at) VALUES (?, ?, LOCALTIMESTAMP + ? * INTERVAL '1 millisecond') RETURNING id) "
                            + "SELECT pg_notify(?, '') FROM m")) {
                        ps.setString(1, brokerId);
                        ps.setString(2, payload);
                        ps.setLong(3, ttl.toMillis());
                        ps.setString(4, channel(brokerId));
                        ps.execute();
                    }
                    return;
                } catch (SQLException e) {
                    closeQuietly(sender);
                    sender = null;
                    if (attempt == 1) throw e;   // one fresh connection, then give up
                }
            }
        }
    }

    private static String channel(String brokerId) {
        if (!brokerId.matches("[0-9a-f]{16}")) throw new IllegalArgumentException("not a broker id: " + brokerId);
        return "rounds_" + brokerId;
    }

    /**
     * LISTEN, then read what is already addressed here (sent while this broker was not
     * listening: at its start, or during a failover), then read again at each notification and
     * every 2 s in case one was missed. Reading deletes the rows, so each message is acted on once.
     */
    private void listen() {
        while (!closed) {
            try (Connection c = db.openDedicatedUnsynchronised(); Statement st = c.createStatement()) {
                st.execute("SET application_name = '" + applicationName(id) + "'");
                st.execute("LISTEN " + channel(id));
                PGConnection pg = c.unwrap(PGConnection.class);
                catchUp(c);
                listening.countDown();
                for (int idle = 0; !closed; ) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got != null && got.length > 0 || ++idle == 4) {
                        catchUp(c);
                        idle = 0;
                    }
                }
            } catch (SQLException e) {
                if (closed) return;
                log.warn("broker {} lost its LISTEN connection ({}); listening again in 250 ms", id, e.getMessage());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Takes every message addressed to this broker, in the order sent; those past their expiry are dropped unread. */
    private void catchUp(Connection c) throws SQLException {
        java.util.TreeMap<Long, String> fresh = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_messages WHERE to_broker = ? "
                + "RETURNING id, payload, expires_at > LOCALTIMESTAMP")) {
            ps.setString(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) if (rs.getBoolean(3)) fresh.put(rs.getLong(1), rs.getString(2));
            }
        }
        fresh.values().forEach(this::received);
    }

    private void received(String payload) {
        ObjectNode m;
        try {
            m = (ObjectNode) json.readTree(payload);
        } catch (Exception e) {
            log.warn("unreadable message from another broker ignored: {}", e.getMessage());
            return;
        }
        String kind = m.path("kind").asText();
        if (kind.equals("answer")) {
            CompletableFuture<ObjectNode> f = awaiting.get(m.path("id").asText());
            if (f != null) f.complete(m);
            return;
        }
        // Work off the listener thread: a push waits for the endpoint's acknowledgement.
        work.execute(() -> {
            boolean ok;
            String error = "";
            try {
                ok = switch (kind) {
                    // a message from a broker older than practices names none: the default practice's
                    case "push" -> local.push(Tenant.of(m.hasNonNull("tenant") ? m.get("tenant").asText() : null), m.path("endpoint").asText(),
                            json.treeToValue(m.get("event"), PushEvent.class), Duration.ofMillis(m.path("waitMs").asLong(500)));
                    case "close-viewers" -> local.closeViewers(m.path("user").asText(), m.path("logoff").asBoolean());
                    case "host-command" -> {
                        HostMessage.Reply r = local.hostCommand(m.path("host").asText(), unsealed((ObjectNode) m.get("command")),
                                Duration.ofMillis(Math.min(10_000, m.path("waitMs").asLong(2000))));
                        error = r.error();
                        yield r.ok();
                    }
                    default -> throw new IllegalArgumentException("unknown request " + kind);
                };
            } catch (Exception e) {
                log.warn("request {} from broker {} failed: {}", kind, m.path("from").asText(), e.getMessage());
                ok = false;
                error = "the relaying broker failed: " + e.getMessage();
            }
            try {
                send(m.path("from").asText(), json.createObjectNode().put("kind", "answer").put("id", m.path("id").asText()).put("ok", ok)
                        .put("error", error), ANSWER_TTL);
            } catch (Exception e) {
                log.warn("could not answer broker {}: {}", m.path("from").asText(), e.getMessage());
            }
        });
    }

    /** A relayed command, its Admit password opened with the shared seal (a wrong key or context fails the command). */
    private HostMessage.Command unsealed(ObjectNode command) throws java.io.IOException {
        if (command.path("type").asText().equals("admit")) {
            if (seal == null) throw new IllegalStateException("this broker has no seal key to open a relayed credential");
            byte[] plain = seal.open(command.path("password").asText(), "host-admit:" + command.path("id").asText());
            command.put("password", new String(plain, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (json.treeToValue(command, HostMessage.class) instanceof HostMessage.Command c) return c;
        throw new IllegalArgumentException("a relayed " + command.path("type").asText() + " is not a command to a host");
    }

    @Override
    public void close() {
        closed = true;
        leases.close();
        listener.interrupt();
        work.shutdownNow();
        synchronized (sendLock) {
            closeQuietly(sender);
            sender = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
