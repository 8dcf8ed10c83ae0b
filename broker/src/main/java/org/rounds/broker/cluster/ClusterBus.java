package org.rounds.broker.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.store.Database;
import org.rounds.broker.takeover.Cluster;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers on one PostgreSQL asking each other, through {@link ClusterMail}. A broker is alive
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
    /**
     * A request's {@code answerBy}: answer in the NOTIFY's payload, no row. An answer is of use
     * only to an asker listening now (one that is not has given up waiting), and a row cost the
     * holder an insert and the asker a delete, two statements of each cross-broker hand-over that
     * queued behind the brokers' taps under load. A request without it (from a broker before this
     * one) is answered with a row, as before.
     */
    private static final String ANSWER_BY_NOTIFY = "notify";
    /** An answer's error is cut to this, so the payload stays under PostgreSQL's 8000 bytes. */
    private static final int MAX_ERROR = 1000;
    /** The answers to the latest requests, by id, so that a request asked again is not done twice. */
    private final RecentAnswers answers = new RecentAnswers(ANSWER_TTL);

    private final ObjectMapper json;
    private final Local local;
    /** Seals the one-time passwords relayed to hosts: NOTIFY payloads pass through the database and may reach its logs. */
    private final org.rounds.broker.auth.SecretSeal seal;
    private final String id = newId();
    private final Map<String, CompletableFuture<ObjectNode>> awaiting = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newCachedThreadPool(r -> daemon(r, "rounds-cluster-work"));
    private final ClusterMail mail;
    private final Leases leases;

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
        this.json = json;
        this.local = local;
        this.leases = new Leases(db, id);
        this.mail = new ClusterMail(db, id, this::received, this::answered);
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
        request.put("id", requestId).put("from", id).put("answerBy", ANSWER_BY_NOTIFY);
        try {
            Asking asking = new Asking(brokerId, request, longest.plusSeconds(1));
            ObjectNode got = asking.await(answer, wait);
            if (got != null) return new Asked(got, false);
            if (!whileAlive) throw new java.util.concurrent.TimeoutException();
            long end = System.nanoTime() + Leases.TERM.toNanos();
            while (System.nanoTime() < end) {
                got = asking.await(answer, Duration.ofMillis(250));
                if (got != null) return new Asked(got, false);
                if (!leases.alive(brokerId)) {
                    log.info("broker {} did not answer {} and its lease expired: it is gone", brokerId, kind);
                    return new Asked(null, true);
                }
                if (leases.processGone(brokerId)) {
                    log.info("broker {} did not answer {} and its port refuses connections: it is gone", brokerId, kind);
                    return new Asked(null, true);
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

    /**
     * One request on its way: sent, and sent again (same id) whenever this broker started
     * listening anew while it waited, since an answer in a NOTIFY payload sent in between was
     * lost (a failover of the primary drops every LISTEN). The holder answers a repeated id
     * from what it answered before, without doing the work twice ({@link #received}).
     */
    private final class Asking {
        private final String to;
        private final ObjectNode request;
        private final Duration ttl;
        private long listens;

        Asking(String to, ObjectNode request, Duration ttl) throws java.sql.SQLException {
            this.to = to;
            this.request = request;
            this.ttl = ttl;
            this.listens = mail.listens();
            mail.send(to, request, ttl);
        }

        /** The answer within {@code wait}, or null; asks again if this broker listened anew meanwhile. */
        ObjectNode await(CompletableFuture<ObjectNode> answer, Duration wait) throws Exception {
            long end = System.nanoTime() + wait.toNanos();
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                try {
                    return answer.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    long now = mail.listens();
                    if (now != listens) {
                        log.info("broker {} listens anew: asking broker {} again to {}", id, to, request.path("kind").asText());
                        try {
                            mail.send(to, request, ttl);
                            listens = now;
                        } catch (java.sql.SQLException sendFailed) {
                            log.warn("asking broker {} again failed: {}", to, sendFailed.getMessage());
                        }
                    }
                }
            }
            return null;
        }
    }

    /** A payload is taken as an answer only: requests come as rows, so a stray NOTIFY cannot ask anything of this broker. */
    private void answered(String payload) {
        try {
            ObjectNode m = (ObjectNode) json.readTree(payload);
            if (!m.path("kind").asText().equals("answer")) throw new IllegalArgumentException("not an answer: " + m.path("kind").asText());
            CompletableFuture<ObjectNode> f = awaiting.get(m.path("id").asText());
            if (f != null) f.complete(m);
        } catch (Exception e) {
            log.warn("unreadable notification from another broker ignored: {}", e.getMessage());
        }
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
        String requestId = m.path("id").asText();
        // a request without an id cannot be told from another: done each time, as before ids were kept
        ObjectNode before = requestId.isEmpty() ? null : answers.begin(requestId);
        if (before == RecentAnswers.WORKING) return;   // asked again while still at it: the answer goes out when done
        if (before != null) {
            answer(m, before);   // asked again (the asker listened anew): what was answered, not the work twice
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
            ObjectNode a = json.createObjectNode().put("kind", "answer").put("id", requestId).put("ok", ok)
                    .put("error", error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
            answers.done(requestId, a);
            answer(m, a);
        });
    }

    private void answer(ObjectNode request, ObjectNode a) {
        try {
            if (ANSWER_BY_NOTIFY.equals(request.path("answerBy").asText())) mail.notifyAnswer(request.path("from").asText(), a);
            else mail.send(request.path("from").asText(), a, ANSWER_TTL);
        } catch (Exception e) {
            log.warn("could not answer broker {}: {}", request.path("from").asText(), e.getMessage());
        }
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
        leases.close();
        mail.close();
        work.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
