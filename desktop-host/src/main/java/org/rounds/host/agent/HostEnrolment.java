package org.rounds.host.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostEnrolmentAnswer;
import org.rounds.broker.api.HostEnrolmentRequest;
import org.rounds.broker.api.OwnKeys;

/**
 * A desktop host's first start: it makes its key here (the key never leaves the machine), sends
 * a certificate request with the one-time code to POST {@value BrokerApi#HOST_ENROLMENTS} of the
 * first broker of {@code --join} that answers, trusting only {@code --broker-ca}, and keeps the
 * key (mode 600), the certificate and the CA in {@link HostFiles}. Later starts need no code; a
 * code given again is ignored with a note (a used code could not enrol again anyway).
 *
 * <p>A refused code, an unreachable broker or one whose certificate the CA did not sign is one
 * line, and leaves nothing behind: the key is written only once the broker has answered with a
 * certificate (key first, then certificate, so a crash between them leaves no certificate, and
 * the next start asks for a code again).
 */
public final class HostEnrolment {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private HostEnrolment() {}

    /**
     * Makes sure the host is enrolled: returns its name (the certificate's subject CN). With no
     * enrolment yet, enrols with {@code code} (required then); else {@code code} is ignored and
     * {@code say} hears why. {@code say} also hears the one "enrolled" line; never the code.
     *
     * @throws HostAgentException one line: no code, refused code, unreachable or untrusted broker
     */
    public static String ensure(List<URI> brokers, Path brokerCa, HostFiles files, String code, Consumer<String> say) {
        if (files.enrolled()) {
            String name = name(files);
            if (code != null && !code.isBlank())
                say.accept("host " + name + " is already enrolled (" + files.certificate() + "); --enrol-code ignored");
            return name;
        }
        if (code == null || code.isBlank())
            throw new HostAgentException("this host is not enrolled yet (no " + files.certificate() + "): give --enrol-code CODE "
                    + "from 'rounds broker hosts add NAME'");
        files.requirePosix();
        KeyPair keys = newKey();
        String csr = csr(keys);
        javax.net.ssl.SSLContext tls = HostTls.trusting(brokerCa);
        List<String> failures = new ArrayList<>();
        for (URI broker : brokers) {
            HostEnrolmentAnswer answer;
            try {
                answer = post(broker, tls, new HostEnrolmentRequest(code.strip(), csr, null));
            } catch (Unreachable e) {
                failures.add(BrokerFailure.describe(broker, brokerCa.toString(), e.getCause()));
                continue;   // another broker of the same store may answer
            }
            HostFiles.write(files.key(), pem(keys.getPrivate()), "rw-------");
            HostFiles.write(files.brokerCa(), answer.caCertificate(), "rw-r--r--");
            HostFiles.write(files.certificate(), answer.certificate(), "rw-r--r--");
            say.accept("host " + answer.name() + " enrolled with broker " + broker + "; key and certificate in " + files.dir());
            return answer.name();
        }
        throw new HostAgentException(failures.size() == 1 ? failures.get(0) : "no broker of --join answered: " + String.join("; ", failures));
    }

    /** The enrolled host's name: its certificate's subject CN. */
    public static String name(HostFiles files) {
        String dn = HostTls.certificate(files.certificate()).getSubjectX500Principal().getName();
        for (String part : dn.split(",")) if (part.startsWith("CN=")) return part.substring(3);
        throw new HostAgentException("certificate " + files.certificate() + " names no host (no CN): enrol the host again");
    }

    /** The broker could not be reached or trusted: the next broker may do. */
    private static final class Unreachable extends Exception {
        Unreachable(Throwable cause) { super(cause); }
    }

    private static HostEnrolmentAnswer post(URI broker, javax.net.ssl.SSLContext tls, HostEnrolmentRequest r) throws Unreachable {
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
            response = client.send(HttpRequest.newBuilder(broker.resolve(BrokerApi.HOST_ENROLMENTS)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(r))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostAgentException("interrupted while enrolling with broker " + broker);
        }
        if (response.statusCode() == 200) {
            try {
                return json.readValue(response.body(), HostEnrolmentAnswer.class);
            } catch (IOException e) {
                throw new HostAgentException("broker " + broker + " answered the enrolment with something unreadable: is it a Rounds broker?");
            }
        }
        String why = error(response.body());
        if (response.statusCode() >= 500)   // this broker cannot issue now (its database, say); another may
            throw new Unreachable(new IOException("HTTP " + response.statusCode() + (why.isEmpty() ? "" : ": " + why)));
        if (response.statusCode() == 403)
            throw new HostAgentException("broker " + broker + " refused the enrolment code" + (why.isEmpty() ? "" : ": " + why)
                    + (why.contains("rounds broker hosts add") ? "" : "; ask an admin for a new one ('rounds broker hosts add NAME')"));
        throw new HostAgentException("broker " + broker + " refused the enrolment (HTTP " + response.statusCode() + ")"
                + (why.isEmpty() ? "" : ": " + why));
    }

    /** The broker's one-line {"error": ...}, cut short; never echoes anything of ours. */
    private static String error(String body) {
        try {
            JsonNode n = json.readTree(body);
            String e = n == null ? "" : n.path("error").asText("");
            return e.replaceAll("\\s+", " ").strip().substring(0, Math.min(e.length(), 300));
        } catch (IOException e) {
            return "";
        }
    }

    private static KeyPair newKey() {
        return OwnKeys.newP256();
    }

    /** The subject is a placeholder: the broker names the certificate after the code's host. */
    private static String csr(KeyPair keys) {
        try {
            return pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=rounds-desktop-host"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof java.security.PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate() : o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
