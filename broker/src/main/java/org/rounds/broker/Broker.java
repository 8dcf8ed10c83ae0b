package org.rounds.broker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.rounds.broker.auth.SecretSeal;
import org.rounds.broker.store.Admins;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.http.BrokerHttp;
import org.rounds.broker.http.SourceLimits;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.PrivateFiles;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.cluster.ClusterBus;
import org.rounds.broker.takeover.Cluster;
import org.rounds.broker.takeover.PushSender;
import org.rounds.broker.takeover.TapService;
import org.rounds.broker.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference broker: decides who sees which desktop where. REST and WebSocket push on one
 * port (plain HTTP, or HTTPS only with {@link Builder#tls}), a store (H2 in memory or under the
 * data directory, or PostgreSQL shared by several brokers), and a {@link DesktopPool} that serves
 * the desktops.
 *
 * <pre>{@code
 * Broker b = Broker.builder().inMemory().port(0).desktops(pool).build();
 * b.start();
 * b.enroll("nurse", "Nurse Amina Diallo", badgeId);
 * }</pre>
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final Builder config;
    private KeyedStore store;
    private Database db;
    private Directory directory;
    private BadgeKey badgeKey;
    private BrokerHttp http;
    private Cluster cluster;
    private volatile PushSender localPush;
    private TlsSettings.Served tls;
    private Admins admins;
    private org.rounds.broker.store.OutsideAccess outside;
    private org.rounds.broker.hosts.HostChannels hostChannels;
    private RetentionSchedule retention;

    private Broker(Builder b) {
        this.config = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store under {@code dataDir} without serving HTTP, for the store tools; refused with one
     * line while a broker runs on it (H2 has no network listener to share it through: use the
     * running broker's admin API). Close it when done.
     */
    public static StoreAdmin admin(Path dataDir) {
        return admin(dataDir, null);
    }

    /** As {@link #admin(Path)}, with the broker's key file elsewhere than {@code dataDir/broker.key}. */
    public static StoreAdmin admin(Path dataDir, Path keyFile) {
        return admin(KeyedStore.dataDir(dataDir, keyFile, inUseByBroker(dataDir)));
    }

    /** The store in a database named by URL ({@link Database#fromUrl}), with the key file its brokers share. */
    public static StoreAdmin admin(String dbUrl, Path keyFile) {
        return admin(KeyedStore.postgres(dbUrl, keyFile, Database.redacted(dbUrl), false));
    }

    /** The one line a store tool gets while a broker runs on the directory. */
    static String inUseByBroker(Path dataDir) {
        return "the store in " + dataDir + " is in use by a running broker; use its admin API "
                + "(--broker URL --broker-ca F --admin NAME --admin-password-file F --totp-file F)";
    }

    /** Where a broker keeps the key that seals admins' and users' TOTP secrets: beside its key file. */
    public static final String SEAL_KEY_FILE = "admin-totp-seal.key";

    /** The seal key file beside {@code keyFile} (brokers sharing a key file share it too). */
    private static SecretSeal sealIn(Path keyFile) {
        return SecretSeal.keyFile(keyFile.toAbsolutePath().resolveSibling(SEAL_KEY_FILE));
    }

    private static StoreAdmin admin(KeyedStore store) {
        SecretSeal seal = store.keyFile == null ? null : sealIn(store.keyFile);
        // A tool that opens the store itself acts as the local account running it.
        String actor = "local:" + System.getProperty("user.name", "unknown");
        Clock clock = Clock.systemUTC();
        return new StoreAdmin(store.db, new Directory(store.db).by(actor), store.keys(), clock,
                seal == null ? null : new Admins(store.db, seal, clock),
                seal == null ? null : new org.rounds.broker.store.OutsideAccess(store.db, seal, clock), actor, store::close);
    }

    /** What {@link #rotateKey} did: ids and counts, never a key. */
    public record RotatedKey(Path keyFile, String keyId, boolean made, int earlierKeysKept, int badgesUnderEarlierKeys) {}

    /**
     * {@code rounds broker rotate-key --data DIR}: a new master key in the key file
     * ({@code DIR/broker.key} unless {@code keyFile}); earlier keys stay while badges are tagged
     * under them. Refused while a broker runs on the directory.
     */
    public static RotatedKey rotateKey(Path dataDir, Path keyFile) {
        String inUse = "the store in " + dataDir + " is in use by a running broker; stop it to rotate its key, then start it again";
        try (KeyedStore store = KeyedStore.dataDir(dataDir, keyFile, inUse)) {
            return KeyRotation.rotate(store);
        } catch (SQLException e) {
            throw new IllegalStateException("rotating the key of the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code rounds broker rotate-key --db URL --key-file F}: makes F when missing (moving the old
     * code's key out of the database), else rotates it. Every broker must then be restarted with F.
     */
    public static RotatedKey rotateKey(String dbUrl, Path keyFile) {
        try {
            return KeyRotation.rotatePostgres(dbUrl, keyFile, Database.redacted(dbUrl));
        } catch (SQLException e) {
            throw new IllegalStateException("rotating the key of the store in " + Database.redacted(dbUrl) + ": " + e.getMessage(), e);
        }
    }

    /** Opens (and migrates) the store and starts serving; returns once the port is bound. */
    public synchronized void start() {
        if (db != null) throw new IllegalStateException("broker already started");
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        store = config.dbUrl != null ? KeyedStore.postgres(config.dbUrl, config.keyFile, Database.redacted(config.dbUrl), false)
                : config.dataDir == null ? KeyedStore.inMemory(config.keyFile)
                : KeyedStore.dataDir(config.dataDir, config.keyFile, "the store in " + config.dataDir
                        + " is in use by another broker or store tool; stop it first, or give this broker its own data directory");
        db = store.db;
        try {
            directory = new Directory(db);
            badgeKey = store.keys();
            SecretSeal seal = config.adminSeal != null ? config.adminSeal : store.keyFile != null ? sealIn(store.keyFile)
                    : SecretSeal.ephemeral();
            admins = new Admins(db, seal, config.clock);
            outside = new org.rounds.broker.store.OutsideAccess(db, seal, config.clock);
            cluster = joinCluster(json, seal);
            Cluster joined = cluster;
            tls = config.tls == null ? null : config.tls.open(config.dataDir, config.bind, config.clock.instant());
            org.rounds.broker.hosts.HostRegistry hostRegistry = config.hostDesktops && config.hosts == null
                    ? new org.rounds.broker.store.Hosts(db) : config.hosts;
            if (hostRegistry != null) {
                if (tls == null) throw new IllegalStateException("desktop hosts need an HTTPS broker: their control channel is mutual TLS");
                org.rounds.broker.hosts.HostCertificateCheck check = config.hostCertificates != null ? config.hostCertificates
                        : org.rounds.broker.http.HostIdentity.byCertificate(hostRegistry, tls.endpointCa().certificate(), config.clock)::host;
                hostChannels = new org.rounds.broker.hosts.HostChannels(hostRegistry, check, joined.brokerId(), config.clock, json,
                        config.hostHelloWait);
            }
            org.rounds.broker.takeover.HostTierDesktops hostTier = config.hostDesktops
                    ? new org.rounds.broker.takeover.HostTierDesktops(hostRegistry,
                            new org.rounds.broker.takeover.HostRelay(hostChannels::send, joined), config.clock)
                    : null;
            http = new BrokerHttp(db, directory, json, config.clock, config.limits, admins, badgeKey,
                    joined.brokerId(), push -> {
                        localPush = push;
                        return hostTier != null
                                ? new TapService(db, badgeKey, hostTier, push, config.clock, json, AuthPolicy.DEFAULT, joined, config.reconnectWindow)
                                : new TapService(db, badgeKey, config.desktops, push, config.clock, json, AuthPolicy.DEFAULT, joined,
                                        config.reconnectWindow);
                    }, tls);
            if (hostChannels != null) http.serveHostControl(hostChannels);
            http.serveRemoteAccess(outside, AuthPolicy.DEFAULT);   // the outside routes on HTTPS only: gateways prove themselves with certificates
            if (config.decisionSlots > 0) http.decisionSlots(config.decisionSlots);
            http.start(config.bind, config.port);
            if (cluster instanceof ClusterBus bus && !java.util.Set.of("0.0.0.0", "::", "[::]").contains(config.bind)) {
                bus.advertise(config.bind + ":" + http.port());   // a wildcard is no address a peer can dial
            }
            if (config.retentionDays > 0 && config.dataDir != null) {
                retention = new RetentionSchedule(new org.rounds.broker.audit.Retention(db, config.retentionDays,
                        config.dataDir.resolve(RetentionSchedule.EXPORT_DIR), config.clock));
            }
            if (config.dbUrl == null && config.dataDir != null) PrivateFiles.tighten(config.dataDir);   // the TLS files too
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("broker serving on {}", baseUrl());
        if (!hasAdmins()) log.info("no admin account yet: make the first with 'rounds broker admins add NAME --role admin'");
    }

    /**
     * On PostgreSQL, the other brokers on the same database: they push to endpoints connected
     * here, and close the viewers of desktops this broker handed out, through {@link ClusterBus}.
     */
    private Cluster joinCluster(ObjectMapper json, SecretSeal seal) {
        if (!db.isPostgres()) return Cluster.SINGLE;
        return new ClusterBus(db, json, new ClusterBus.Local() {
            @Override public boolean push(String endpointId, org.rounds.broker.api.PushEvent event, java.time.Duration wait) {
                PushSender p = localPush;
                return p != null && p.pushAndAwaitAck(endpointId, event, wait);
            }

            @Override public boolean push(org.rounds.broker.store.Tenant tenant, String endpointId, org.rounds.broker.api.PushEvent event,
                                          java.time.Duration wait) {
                PushSender p = localPush;
                return p != null && p.pushAndAwaitAck(tenant, endpointId, event, wait);
            }

            @Override public boolean closeViewers(String userId, boolean logoff) {
                if (config.desktops == null) return true;   // desktops on hosts: no broker holds a viewer
                if (logoff) config.desktops.logoff(userId);
                else config.desktops.disconnect(userId);
                return true;
            }

            @Override public org.rounds.broker.api.HostMessage.Reply hostCommand(String host, org.rounds.broker.api.HostMessage.Command command,
                                                                              java.time.Duration wait) {
                org.rounds.broker.hosts.HostChannels channels = hostChannels;
                java.util.Optional<org.rounds.broker.api.HostMessage.Reply> r = channels == null ? java.util.Optional.empty()
                        : channels.send(host, command, wait);
                return r.orElseGet(() -> new org.rounds.broker.api.HostMessage.Reply(command.id(), false,
                        "this broker holds no control channel of host " + host + " any more"));
            }
        }, seal);
    }

    /** This broker's id among the brokers on its database ("single" on H2). */
    public String brokerId() {
        return cluster == null ? Cluster.SINGLE.brokerId() : cluster.brokerId();
    }

    /** The store's admin accounts and sessions. */
    public Admins admins() {
        if (admins == null) throw new IllegalStateException("broker not started");
        return admins;
    }

    /** Whether the store has any admin account (none before the first {@code rounds broker admins add}). */
    public boolean hasAdmins() {
        try {
            return !admins.list().isEmpty();
        } catch (SQLException e) {
            throw new IllegalStateException("listing admins: " + e.getMessage(), e);
        }
    }

    /** The desktop hosts' control channels this broker holds; empty unless built with {@link Builder#hosts}. */
    public java.util.Optional<org.rounds.broker.hosts.HostChannels> hostChannels() {
        return java.util.Optional.ofNullable(hostChannels);
    }

    /** Whether the endpoint's push channel is open on this broker. */
    public boolean pushConnected(String endpointId) {
        return http != null && http.pushConnected(endpointId);
    }

    public int port() {
        return http.port();
    }

    /** {@code https://127.0.0.1:PORT} with TLS, else {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return (tls != null ? "https://" : "http://") + config.bind + ":" + port();
    }

    /**
     * The development CA's certificate ({@code <data>/tls/dev-ca.pem}) that endpoints must trust,
     * while this broker serves a key that CA signed; empty without TLS or with a configured key store.
     */
    public java.util.Optional<Path> devCaCertificate() {
        return tls == null ? java.util.Optional.empty() : tls.caCertificate();
    }

    /** Creates or updates the user and binds the badge (stored only as an HMAC) to it. */
    public void enroll(String userId, String displayName, String badgeId) {
        admin().enroll(userId, displayName, badgeId);
    }

    public List<Directory.User> users() {
        return admin().users();
    }

    /** Makes {@code userId} the shared account of kiosk {@code endpointId}; see {@link StoreAdmin#assignKiosk}. */
    public void assignKiosk(String endpointId, String userId, String displayName) {
        admin().assignKiosk(endpointId, userId, displayName);
    }

    /** The running broker's store as a {@link StoreAdmin} (not to be closed: the broker owns it). */
    public StoreAdmin admin() {
        if (db == null) throw new IllegalStateException("broker not started");
        return new StoreAdmin(db, directory, badgeKey, config.clock, admins, outside, null, () -> {});
    }

    /** The store, for tests and tools that read rows. */
    public Database database() {
        return db;
    }

    /** Every route the started broker serves ({@link BrokerHttp#routes}). */
    public java.util.List<String> routes() {
        if (http == null) throw new IllegalStateException("broker not started");
        return http.routes();
    }

    @Override
    public synchronized void close() {
        if (retention != null) retention.close();
        retention = null;
        if (http != null) http.drain();   // stops accepting, then finishes the taps in flight (their hosts' channels still open)
        if (hostChannels != null) hostChannels.close();   // the hosts hear it and join another broker at once
        if (http != null) http.close();
        if (cluster instanceof ClusterBus bus) bus.close();
        if (store != null) store.close();
        if (tls != null) tls.close();
        http = null;
        hostChannels = null;
        store = null;
        cluster = null;
        tls = null;
    }

    public static final class Builder {
        private Path dataDir;
        private String bind = "127.0.0.1";
        private int port = 0;
        private DesktopPool desktops;
        private Clock clock = Clock.systemUTC();
        private SourceLimits limits = SourceLimits.DEFAULT;
        private TlsSettings tls;
        private SecretSeal adminSeal;

        /**
         * Seals admins' TOTP secrets with this instead of the default: a key file in the data
         * directory ({@link #SEAL_KEY_FILE}), or a key for this process only without one. Brokers
         * sharing a PostgreSQL store must share the seal.
         */
        public Builder adminSeal(SecretSeal seal) { this.adminSeal = Objects.requireNonNull(seal); return this; }

        /**
         * Serves HTTPS (TLS 1.3 only) with this key instead of plain HTTP. Default: plain HTTP, for
         * embedded and test brokers on loopback; a broker endpoints reach over a network needs TLS.
         */
        public Builder tls(TlsSettings settings) { this.tls = Objects.requireNonNull(settings); return this; }

        /**
         * Taps per second (and burst) each source (an endpoint's certificate, else an address) may
         * send, reconnects, logoffs and kiosk sessions included; more get 429 with Retry-After.
         * Default 5/s, burst 20: far above any clinician, far below a stuck reader. Raise it for
         * benches and demos whose many endpoints share one address.
         */
        public Builder tapRateLimit(double perSecond, int burst) {
            limits = limits.withTaps(rate("tap", perSecond, burst));
            return this;
        }

        /** PIN entries per second (and burst) per source. Default one per 5 s, burst 10. */
        public Builder pinRateLimit(double perSecond, int burst) {
            limits = limits.withPins(rate("PIN", perSecond, burst));
            return this;
        }

        /** Password logins per second (and burst) per source. Default one per 5 s, burst 10. */
        public Builder loginRateLimit(double perSecond, int burst) {
            limits = limits.withLogins(rate("login", perSecond, burst));
            return this;
        }

        /**
         * {@code unknown-badge} answers per second (and burst) per source; once spent, all the
         * source's taps get 429 until it refills. Default one per 10 s, burst 10.
         */
        public Builder unknownBadgeLimit(double perSecond, int burst) {
            limits = limits.withUnknownBadges(rate("unknown-badge", perSecond, burst));
            return this;
        }

        /** Logs one warning when a source passes this many unknown badges in a minute. Default 20. */
        public Builder unknownBadgeWarning(int perMinute) {
            if (perMinute < 1) throw new IllegalArgumentException("the unknown-badge warning needs at least 1 a minute");
            limits = limits.withUnknownBadgeWarning(perMinute);
            return this;
        }

        private static SourceLimits.Rate rate(String what, double perSecond, int burst) {
            if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException(what + " rate limit must be positive");
            return new SourceLimits.Rate(perSecond, burst);
        }

        private String dbUrl;
        private Path keyFile;

        /**
         * The broker's key file ({@link org.rounds.broker.auth.KeyFile}, mode 600; a systemd
         * credential is one). Default: {@code broker.key} in the data directory, made on the first
         * start; required with {@link #database}, the same file on every broker of the database;
         * a key that dies with the process for an in-memory store.
         */
        public Builder keyFile(Path file) { this.keyFile = Objects.requireNonNull(file); return this; }

        /**
         * Keeps the store in this database instead of H2 ({@code postgresql://user@host:port/db}),
         * which several brokers may share.
         */
        public Builder database(String url) { this.dbUrl = Objects.requireNonNull(url); return this; }

        /** Keeps the store in memory (default: nothing is written to disk). */
        public Builder inMemory() { this.dataDir = null; return this; }

        /** Keeps the H2 store under {@code dir}. */
        public Builder dataDir(Path dir) { this.dataDir = Objects.requireNonNull(dir); return this; }

        /** Address to bind (default 127.0.0.1). */
        public Builder bind(String address) { this.bind = Objects.requireNonNull(address); return this; }

        /** Port (default 0: any free port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
            this.port = port;
            return this;
        }

        private org.rounds.broker.hosts.HostRegistry hosts;
        private org.rounds.broker.hosts.HostCertificateCheck hostCertificates;

        /**
         * Serves desktop hosts' control channels ({@code BrokerApi.HOST_CONTROL}, HTTPS only) and
         * records what they say in {@code registry}. Default: none (the broker's own pool only).
         */
        public Builder hosts(org.rounds.broker.hosts.HostRegistry registry) { this.hosts = Objects.requireNonNull(registry); return this; }

        /** Which host a client certificate stands for. Default: {@code HostCertificateCheck.bySerial} of the {@link #hosts} registry. */
        public Builder hostCertificates(org.rounds.broker.hosts.HostCertificateCheck check) {
            this.hostCertificates = Objects.requireNonNull(check);
            return this;
        }

        public Builder desktops(DesktopPool pool) { this.desktops = Objects.requireNonNull(pool); return this; }

        private boolean hostDesktops;

        /**
         * Hands out desktops from enrolled desktop hosts ({@code rounds broker --desktops hosts})
         * instead of a pool in this process: serves their control channels (HTTPS only) and places
         * each user's desktop on one of them. The registry is the store's unless {@link #hosts} gives one.
         */
        public Builder desktopsFromHosts() { this.hostDesktops = true; return this; }

        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }

        private java.time.Duration reconnectWindow = org.rounds.broker.takeover.SessionReliability.RECONNECT_WINDOW;
        private java.time.Duration hostHelloWait = org.rounds.broker.hosts.HostChannels.HELLO_WAIT;

        /**
         * How long a desktop host's new control channel may stay open without its hello before the
         * broker closes it. Default {@link org.rounds.broker.hosts.HostChannels#HELLO_WAIT} (5 s);
         * tests shorten it rather than wait it out.
         */
        public Builder hostHelloWait(java.time.Duration wait) {
            if (wait.isNegative() || wait.isZero()) throw new IllegalArgumentException("the hello wait must be positive");
            this.hostHelloWait = wait;
            return this;
        }

        /**
         * How long after a session's desktop connection dropped its endpoint may still get it back
         * with its reconnect token, on {@link #clock}; later the token is refused and the session
         * is closed there. Default 180 s.
         */
        public Builder reconnectWindow(java.time.Duration window) {
            if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("the reconnect window must be positive");
            this.reconnectWindow = window;
            return this;
        }

        private int decisionSlots;

        /**
         * How many decisions (taps, reconnects, PINs, logins, kiosk sessions) work against the
         * database at once; the others wait in line, and when the line stands longer than 50 ms
         * new ones are answered 503 with Retry-After at once, so endpoints ask another broker.
         * Default 24, the database pool's size; tests make it small to fill it.
         */
        public Builder decisionSlots(int slots) {
            if (slots < 1) throw new IllegalArgumentException("decision slots must be at least 1, not " + slots);
            this.decisionSlots = slots;
            return this;
        }

        private int retentionDays = 90;

        /**
         * Taps, PIN challenges and audit rows older than this many days are purged (audit rows
         * exported first as JSON lines under {@code <dataDir>/audit-export/}), every 6 hours from a
         * minute after the start; 0 keeps everything. Default 90. Needs {@link #dataDir}.
         */
        public Builder retentionDays(int days) {
            if (days < 0 || days > 36_500) throw new IllegalArgumentException("--retention-days " + days + " is outside 0..36500 (0 keeps everything)");
            this.retentionDays = days;
            return this;
        }

        public Broker build() {
            if (desktops == null && !hostDesktops) throw new IllegalStateException("a broker needs a desktop pool or desktop hosts");
            if (desktops != null && hostDesktops) throw new IllegalStateException("a broker hands out desktops from a pool or from hosts, not both");
            return new Broker(this);
        }
    }
}
