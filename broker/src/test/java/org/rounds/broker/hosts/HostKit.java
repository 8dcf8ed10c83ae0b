package org.rounds.broker.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rounds.broker.Broker;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.tls.BrokerCa;
import org.rounds.broker.tls.TlsSettings;

/**
 * HTTPS brokers sharing one CA directory (so one CA file is trusted for all), with host
 * control channels recorded in a {@link FakeRegistry}, and host certificates issued by that CA
 * directly (what the enrolment route does), known to the registry by serial.
 */
final class HostKit {
    final Path caDir;
    final FakeRegistry registry = new FakeRegistry();
    final BrokerCa ca;

    HostKit(Path caDir) {
        this.caDir = caDir;
        this.ca = TlsSettings.devCa().caDirectory(caDir).open(null, "127.0.0.1", Instant.now()).endpointCa();
    }

    Broker broker() {
        return broker(HostChannels.HELLO_WAIT);
    }

    /** A broker that closes a host's channel without a hello after {@code helloWait}. */
    Broker broker(java.time.Duration helloWait) {
        Broker b = Broker.builder().inMemory().port(0).tls(TlsSettings.devCa().caDirectory(caDir))
                .desktops(new Fakes.Pool(new Fakes.Journal())).hosts(registry).hostHelloWait(helloWait).build();
        b.start();
        return b;
    }

    /** The CA file brokers' certificates chain to (the host's --broker-ca). */
    Path caFile() {
        return caDir.resolve("dev-ca.pem");
    }

    record Host(KeyPair keys, X509Certificate certificate) {}

    /** A certificate for host {@code name}, known to the registry when {@code enrolled}. */
    Host host(String name, boolean enrolled) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X509Certificate cert = ca.issueHost(keys.getPublic(), name, Instant.now());
        if (enrolled) registry.hostBySerial.put(cert.getSerialNumber().toString(16), name);
        return new Host(keys, cert);
    }

    /** Writes the host's key and certificate as the agent keeps them under --data. */
    static void write(Host h, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("host-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(h.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("host.pem"), BrokerCa.pem(h.certificate()));
    }

    /** A TLS context trusting the CA and presenting {@code h}'s certificate, or none when null. */
    SSLContext tls(Host h) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (h != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("host", h.keys().getPrivate(), "x".toCharArray(), new X509Certificate[] {h.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
