package org.rounds.cli.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.cli.server.BrokerConfig;
import org.rounds.cli.server.BrokerConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs the reference broker with its desktop pool (embedded, or Xvnc per session) until stopped (Ctrl+C).",
                "Serves HTTPS only (TLS 1.3): with a key store from --config, else with a development CA made on the first start",
                "under --data (tls/dev-ca.pem is the certificate endpoints trust: endpoint.json's tls.caFile)."},
        subcommands = {BrokerCommand.Enroll.class, BrokerUsersCommand.class, BrokerKioskCommand.class, BrokerEndpointsCommand.class, BrokerHostsCommand.class,
                BrokerGatewaysCommand.class, BrokerAdminsCommand.class, BrokerRotateKeyCommand.class, BrokerProfilesCommand.class,
                BrokerTenantsCommand.class})
public final class BrokerCommand implements Callable<Integer> {

    // No picocli defaults on the options a config file may also set: null means "not given here".
    @Option(names = "--config", paramLabel = "FILE", description = "Broker configuration (JSON; fields port, bind, names, data, db, keyFile, "
            + "caDir, tls {keystore, password | passwordFile}, tapRateLimit {perSecond, burst}). Options given here override it.")
    Path config;

    @Option(names = "--port", description = "HTTPS port (default: " + DEFAULT_PORT + "; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1; 0.0.0.0: every IPv4 "
            + "address). The development certificate names it (with 0.0.0.0 or ::, every address of this machine's interfaces).")
    String bind;

    @Option(names = "--name", paramLabel = "HOST", description = "A host name (or address) endpoints dial this broker by, besides "
            + "the bound address: the development certificate names it too. Repeatable; replaces 'names' in --config.")
    java.util.List<String> names;

    @Option(names = "--data", description = "Data directory: the H2 database, the broker's secret and its development CA "
            + "(default: ~/.local/share/rounds/broker).")
    Path data;

    static final String DEFAULT_DATA = "${sys:user.home}/.local/share/rounds/broker";
    static final int DEFAULT_PORT = 8443;

    @Option(names = "--db", paramLabel = "URL", description = "Keep the store in PostgreSQL instead of H2 under --data: "
            + "postgresql://user@host:port/db (password from PGPASSWORD), or a jdbc: URL. Several brokers may share it.")
    String db;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where the broker CA that signs endpoints' certificates lives "
            + "(default: <data>/tls). Brokers sharing one --db must all be given the same CA files; the database never holds its key.")
    Path caDir;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The broker's key file (mode 600). Default: the systemd "
            + "credential '" + KeyFiles.CREDENTIAL + "' (LoadCredential=) when there is one, else broker.key under --data, made on the "
            + "first start. Required with --db: the same file on every broker.")
    Path keyFile;

    @Option(names = "--retention-days", paramLabel = "N", defaultValue = "90", description = "Purge taps, PIN challenges and "
            + "audit rows older than N days, every 6 hours; audit rows are first exported as JSON lines to "
            + "<data>/audit-export/audit-DATE.jsonl. 0 keeps everything (default: ${DEFAULT-VALUE}).")
    int retentionDays;

    @picocli.CommandLine.Mixin
    DesktopPoolOptions pool = new DesktopPoolOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The store the enrolment tools open: --db when given (with the brokers' key file), else the
     * H2 files under --data, refused with one line while a broker runs on them.
     */
    static StoreAdmin admin(Path data, String db, Path keyFile) {
        Path key = KeyFiles.resolve(keyFile);
        return db != null ? Broker.admin(db, key) : Broker.admin(data, key);
    }

    @Override
    public Integer call() throws Exception {
        Serving serving = start();
        UntilStopped.await("rounds-broker", serving::close);
        return 0;
    }

    /** A started broker and the desktop pool it hands out. */
    record Serving(Broker broker, org.rounds.broker.api.DesktopPool desktops) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
            if (desktops != null) desktops.close();
        }
    }

    /**
     * Reads --config (a broken file stops here, before anything is opened or written), starts the
     * broker on HTTPS and says where it listens and which CA endpoints must trust.
     */
    Serving start() throws org.rounds.broker.api.ConfigException {
        BrokerConfig file = config == null ? BrokerConfig.NONE : BrokerConfigFile.read(config);
        Path data = this.data != null ? this.data
                : file.data() != null ? Path.of(file.data()) : Path.of(System.getProperty("user.home"), ".local", "share", "rounds", "broker");
        String db = this.db != null ? this.db : file.db();
        TlsSettings tls = file.tls() == null ? TlsSettings.devCa()
                : TlsSettings.keystore(Path.of(file.tls().keystore()), file.tls().password().toCharArray());
        Path sharedCa = caDir != null ? caDir : file.caDir() != null ? Path.of(file.caDir()) : null;
        if (sharedCa != null) tls = tls.caDirectory(sharedCa);
        java.util.List<String> names = this.names != null ? this.names : file.names() != null ? file.names() : java.util.List.of();
        tls = tls.names(names);   // a wrong name stops here, before the store is opened
        Broker.Builder builder = Broker.builder().dataDir(data)
                .port(port != null ? port : file.port() != null ? file.port() : DEFAULT_PORT)
                .bind(bind != null ? bind : file.bind() != null ? file.bind() : "127.0.0.1")
                .tls(tls)
                .retentionDays(retentionDays);
        if (file.tapRateLimit() != null) builder.tapRateLimit(file.tapRateLimit().perSecond(), file.tapRateLimit().burst());
        if (db != null) builder.database(db);
        Path key = KeyFiles.resolve(keyFile != null ? keyFile : file.keyFile() != null ? Path.of(file.keyFile()) : null);
        if (key != null) builder.keyFile(key);
        org.rounds.broker.api.DesktopPool desktops = pool.fromHosts() ? null : pool.create();
        Broker broker = (desktops == null ? builder.desktopsFromHosts() : builder.desktops(desktops)).build();
        try {
            broker.start();
        } catch (RuntimeException e) {
            if (desktops != null) desktops.close();
            throw e;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("broker listening on " + broker.baseUrl() + " (store: "
                + (db != null ? org.rounds.broker.store.Database.redacted(db) : data.toString()) + ")");
        broker.devCaCertificate().ifPresent(ca -> out.println("endpoints" + (desktops == null ? " and desktop hosts" : "") + " trust " + ca));
        if (!broker.hasAdmins()) out.println("no admin account yet: rounds broker admins add NAME --role admin --password-file FILE"
                + (db != null ? " --db URL" : "") + " --data " + data);
        out.flush();
        return new Serving(broker, desktops);
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Creates or renames a user and binds a badge to it (stored only as an HMAC).")
    static final class Enroll implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TargetOptions where = new TargetOptions();

        @Option(names = "--user", required = true, description = "User id, e.g. nurse.diallo.")
        String user;

        @Option(names = "--name", required = true, description = "Display name, e.g. 'Nurse Amina Diallo'.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--badge", required = true, description = "The badge's id as its reader decodes it ('rounds readers watch' shows it).")
        String badge;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Sets the user's PIN (4-12 digits) from the first line of FILE "
                + "(/dev/stdin to type it); kept only as a slow hash. A tap asks for it once the last sign-in is 4 h old.")
        Path pinFile;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Sets the user's password (8-256 characters) for "
                + "login without a badge, from the first line of FILE; kept only as a slow hash.")
        Path passwordFile;

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "The practice the user and badge belong to "
                + "(default: the default practice); on the store (--data or --db) only.")
        String tenant;

        @Override
        public Integer call() {
            if (!user.matches("[A-Za-z0-9._:-]{1,64}"))
                throw new IllegalArgumentException("--user must be 1..64 characters of A-Z a-z 0-9 . _ : -");
            if (badge.isBlank() || badge.length() > 256) throw new IllegalArgumentException("--badge must be 1..256 characters");
            String pin = pinFile == null ? null : firstLine(pinFile, "--pin-file");
            String password = passwordFile == null ? null : firstLine(passwordFile, "--password-file");
            if (tenant != null) {
                org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
                try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                    admin.enrollIn(practice, user, name, badge);
                    if (pin != null) admin.setPinIn(practice, user, pin);
                    if (password != null) admin.setPasswordIn(practice, user, password);
                }
                spec.commandLine().getOut().println("enrolled " + user + " (" + name + ") in practice " + practice
                        + (pin != null ? ", PIN set" : "") + (password != null ? ", password set" : ""));
                return 0;
            }
            where.run(target -> target.enroll(user, name, badge, pin, password));
            spec.commandLine().getOut().println("enrolled " + user + " (" + name + ")"   // never echo the badge or secrets
                    + (pin != null ? ", PIN set" : "") + (password != null ? ", password set" : ""));
            return 0;
        }
    }

    static String firstLine(Path file, String option) {
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file)) {
            String line = r.readLine();
            if (line == null || line.isEmpty()) throw new IllegalArgumentException(option + " " + file + " is empty");
            return line;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
