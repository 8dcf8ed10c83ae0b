package org.rounds.broker.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development CA and a broker certificate it signed, made on first start under
 * {@code <data>/tls} and reused afterwards: {@code dev-ca.p12} (the CA's key, mode 600),
 * {@code dev-ca.pem} (the certificate endpoints trust) and {@code broker.p12} (the served key and
 * chain, mode 600; SANs localhost, 127.0.0.1 and this machine's host name).
 *
 * <p>Made with the JDK's own {@code keytool} as a process: it belongs to {@code java.base}, so it is
 * in every runtime including the jlink'd one of the packages, and X.509 signing needs no new
 * dependency. Everything is written into a private staging directory and moved into place at the
 * end, so a start that dies half-way leaves nothing that a later start would mistake for a CA.
 */
final class DevCertificates {
    private static final Logger log = LoggerFactory.getLogger(DevCertificates.class);

    static final String CA_KEYS = "dev-ca.p12";
    static final String CA_CERT = "dev-ca.pem";
    static final String BROKER_KEYS = "broker.p12";
    static final String BROKER_ALIAS = "broker";
    /**
     * The stores' password. Not a secret, on purpose: like mkcert's unencrypted rootCA-key.pem, the
     * keys are protected by their files' mode (600 in a 700 directory); a password kept beside them
     * would protect nothing more.
     */
    static final char[] PASSWORD = "rounds-dev-ca".toCharArray();
    private static final String PASSWORD_ENV = "ROUNDS_DEV_CA_PASSWORD";   // never on keytool's command line (ps shows it)
    private static final int CA_DAYS = 3650;
    private static final int BROKER_DAYS = 825;   // the longest validity browsers and Apple's TLS stack still accept
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private DevCertificates() {}

    /** The broker's key store under {@code dir}, made (with the CA when missing) or renewed when near expiry. */
    static Path ensure(Path dir) {
        Path brokerKeys = dir.resolve(BROKER_KEYS);
        boolean haveCa = Files.isRegularFile(dir.resolve(CA_KEYS)) && Files.isRegularFile(dir.resolve(CA_CERT));
        if (haveCa && Files.isRegularFile(brokerKeys) && !expiresSoon(brokerKeys)) return brokerKeys;
        privateDirectory(dir);
        Path staging = privateDirectory(dir.resolve(".staging-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        try {
            if (!haveCa) {
                makeCa(staging);
                log.info("made a development CA in {}: endpoints trust {}", dir, dir.resolve(CA_CERT));
            }
            Path ca = haveCa ? dir : staging;
            makeBrokerKeys(staging, ca);
            // The CA first: a crash between the moves leaves a CA without a broker key, which the next start completes.
            if (!haveCa) {
                moveInto(staging.resolve(CA_KEYS), dir);
                moveInto(staging.resolve(CA_CERT), dir);
            }
            moveInto(staging.resolve(BROKER_KEYS), dir);
            return brokerKeys;
        } finally {
            deleteTree(staging);
        }
    }

    private static void makeCa(Path staging) {
        keytool(staging, "-genkeypair", "-alias", "dev-ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Rounds development CA (" + hostName().orElse("localhost") + ")",
                "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=keyCertSign,cRLSign",
                "-validity", String.valueOf(CA_DAYS), "-keystore", CA_KEYS, "-storetype", "PKCS12");
        keytool(staging, "-exportcert", "-rfc", "-alias", "dev-ca", "-keystore", CA_KEYS, "-file", CA_CERT);
        restrict(staging.resolve(CA_KEYS));
    }

    /** A new broker key in {@code staging}, its certificate signed by the CA in {@code caDir}, the chain stored with it. */
    private static void makeBrokerKeys(Path staging, Path caDir) {
        List<String> names = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
        hostName().ifPresent(h -> names.add("dns:" + h));
        keytool(staging, "-genkeypair", "-alias", BROKER_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "1", "-keystore", BROKER_KEYS, "-storetype", "PKCS12");
        keytool(staging, "-certreq", "-alias", BROKER_ALIAS, "-keystore", BROKER_KEYS, "-file", "broker.csr");
        keytool(staging, "-gencert", "-rfc", "-alias", "dev-ca", "-keystore", caDir.resolve(CA_KEYS).toString(),
                "-infile", "broker.csr", "-outfile", "broker.crt", "-validity", String.valueOf(BROKER_DAYS),
                "-ext", "san=" + String.join(",", names), "-ext", "eku=serverAuth", "-ext", "ku:c=digitalSignature");
        // keytool only installs a signed reply whose chain it can complete: lend it the CA as a trusted
        // entry, then drop that entry (the key entry keeps the whole chain, which the broker serves).
        keytool(staging, "-importcert", "-noprompt", "-alias", "dev-ca", "-file", caDir.resolve(CA_CERT).toString(),
                "-keystore", BROKER_KEYS);
        keytool(staging, "-importcert", "-noprompt", "-alias", BROKER_ALIAS, "-file", "broker.crt", "-keystore", BROKER_KEYS);
        keytool(staging, "-delete", "-alias", "dev-ca", "-keystore", BROKER_KEYS);
        restrict(staging.resolve(BROKER_KEYS));
    }

    private static boolean expiresSoon(Path brokerKeys) {
        try (InputStream in = Files.newInputStream(brokerKeys)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            X509Certificate cert = (X509Certificate) ks.getCertificate(BROKER_ALIAS);
            if (cert == null) return true;
            boolean soon = cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
            if (soon) log.info("the broker's development certificate expires {}: issuing a new one", cert.getNotAfter().toInstant());
            return soon;
        } catch (IOException | GeneralSecurityException e) {
            log.warn("{} cannot be read ({}): issuing a new one", brokerKeys, e.getMessage());
            return true;
        }
    }

    /** Runs keytool in {@code dir} with the stores' password from the environment; a failure is one line. */
    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(keytoolPath().toString());
        // keytool is a short-lived JVM: the quick JIT tier and serial GC halve its CPU on a small machine
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", PASSWORD_ENV));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put(PASSWORD_ENV, new String(PASSWORD));
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                String why = output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + p.exitValue());
                throw new IllegalStateException("keytool " + args[0] + " failed making the development CA in " + dir + ": " + why.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytoolPath() + " to make the development CA: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the development CA", e);
        }
    }

    private static Path keytoolPath() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
    }

    /** This machine's host name when it is a valid DNS name (a SAN keytool accepts), other than localhost. */
    static java.util.Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            boolean valid = name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
            return valid && !name.equals("localhost") ? java.util.Optional.of(name) : java.util.Optional.empty();
        } catch (IOException | SecurityException e) {
            return java.util.Optional.empty();   // no resolvable host name: localhost and 127.0.0.1 still work
        }
    }

    /** Creates {@code dir} (mode 700 where the file system has POSIX modes). */
    private static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (posix(dir)) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " for the development CA: " + e.getMessage(), e);
        }
    }

    /** Mode 600: keytool creates files with the process's umask, often world-readable. */
    private static void restrict(Path file) {
        try {
            if (posix(file)) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            else log.warn("{} holds a private key; this file system has no POSIX modes, restrict it by hand", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " private: " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void moveInto(Path file, Path dir) {
        try {
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
