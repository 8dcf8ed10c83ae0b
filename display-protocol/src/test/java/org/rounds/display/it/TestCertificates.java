package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rounds.display.internal.Pem;
import org.rounds.testpeers.Peers;

/** A throw-away CA and a server certificate it signed (for 127.0.0.1 and localhost), made with the openssl CLI. */
final class TestCertificates {
    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;

    private TestCertificates(Path dir) {
        this.dir = dir;
        caCert = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
    }

    /** A CA named {@code caName} and a server certificate signed by it, in a new temporary directory. */
    static TestCertificates create(String caName) throws Exception {
        String openssl = Peers.require("openssl", "openssl").toString();
        TestCertificates c = new TestCertificates(Files.createTempDirectory("rounds-certs"));
        Path caKey = c.dir.resolve("ca.key"), csr = c.dir.resolve("server.csr"), ext = c.dir.resolve("ext.cnf");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        run(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", c.caCert.toString(), "-days", "2", "-subj", "/CN=" + caName);
        run(openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", c.serverKey.toString(), "-out", csr.toString(), "-subj", "/CN=localhost");
        run(openssl, "x509", "-req", "-in", csr.toString(), "-CA", c.caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", c.serverCert.toString(), "-days", "2", "-extfile", ext.toString());
        return c;
    }

    /** The server certificate's SHA-256 as openssl prints it ("AB:CD:..."), to check our pin format. */
    String serverFingerprintOpenssl() throws Exception {
        String out = run(Peers.require("openssl", "openssl").toString(), "x509", "-in", serverCert.toString(), "-noout", "-fingerprint", "-sha256");
        return out.substring(out.indexOf('=') + 1).strip();
    }

    String serverFingerprint() throws IOException { return Pem.sha256(Pem.certificates(serverCert).get(0)); }

    /** A {@code vncpasswd -f} password file for Xvnc's -PasswordFile. */
    Path passwordFile(String password) throws Exception {
        Path f = dir.resolve("passwd");
        Process p = new ProcessBuilder(Peers.require("vncpasswd", "tigervnc-tools").toString(), "-f")
                .redirectOutput(f.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write((password + "\n" + password + "\n").getBytes());
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("vncpasswd -f").isTrue();
        return f;
    }

    void delete() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
        return out;
    }
}
