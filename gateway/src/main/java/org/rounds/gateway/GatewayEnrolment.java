package org.rounds.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.GatewayEnrolmentAnswer;
import org.rounds.broker.api.GatewayEnrolmentRequest;

/**
 * A gateway's first start, as a desktop host's: it makes its key here (the key never leaves the
 * machine), sends a certificate request with the one-time code to POST
 * {@value BrokerApi#GATEWAY_ENROLMENTS} of the first broker of {@code --brokers} that answers,
 * trusting only {@code --broker-ca}, and keeps key (mode 600), certificate and CA in
 * {@link GatewayFiles}. Later starts need no code. Nothing is written unless a broker issued a
 * certificate: key first, certificate last, so a crash between them asks for a code again.
 */
public final class GatewayEnrolment {
    private static final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private GatewayEnrolment() {}

    /** The one line a gateway with neither certificate nor code says before it exits 2. */
    public static String notEnrolled(GatewayFiles files) {
        return "this gateway is not enrolled yet (no " + files.certificate() + "): run 'rounds broker gateways add NAME' "
                + "and pass its code with --enrol-code-file FILE";
    }

    /**
     * Makes sure the gateway is enrolled and returns its name (the certificate's CN). Enrolled
     * already: {@code code} is ignored ({@code say} hears so). Not yet: enrols with {@code code}.
     *
     * @throws GatewayException one line: no code, a refused code, no broker reachable or trusted
     */
    public static String ensure(List<URI> brokers, Path brokerCa, GatewayFiles files, String code, Consumer<String> say) {
        if (files.enrolled()) {
            String name = Keys.commonName(Keys.certificates(files.certificate(), "gateway certificate").get(0));
            if (code != null) say.accept("gateway " + name + " is already enrolled (" + files.certificate() + "); --enrol-code-file ignored");
            return name;
        }
        if (code == null || code.isBlank()) throw new GatewayException(notEnrolled(files));
        GatewayFiles.privateDirectory(files.dir());
        KeyPair keys = Keys.newEcKey();
        byte[] request;
        try {
            request = json.writeValueAsBytes(new GatewayEnrolmentRequest(code.strip(), csr(keys), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an enrolment request: " + e.getMessage(), e);
        }
        Brokers.Answer a;
        try (Brokers b = Brokers.trusting(brokers, brokerCa)) {
            a = b.post(BrokerApi.GATEWAY_ENROLMENTS, request, null);
        } catch (Brokers.NoBrokerAnswered e) {
            throw new GatewayException("cannot enrol: " + e.getMessage() + "; check --brokers and --broker-ca");
        }
        if (a.status() != 200) {
            String why = error(a.body());
            throw new GatewayException("broker " + a.broker() + " refused the enrolment code (HTTP " + a.status() + ")"
                    + (why.isEmpty() ? "" : ": " + why)
                    + (why.contains("rounds broker gateways add") ? "" : "; ask an admin for a new one ('rounds broker gateways add NAME')"));
        }
        GatewayEnrolmentAnswer answer;
        try {
            answer = json.readValue(a.body(), GatewayEnrolmentAnswer.class);
        } catch (IOException e) {
            throw new GatewayException("broker " + a.broker() + " answered the enrolment with something unreadable: is it a Rounds broker?");
        }
        if (answer.certificate() == null || answer.caCertificate() == null)
            throw new GatewayException("broker " + a.broker() + " answered the enrolment without a certificate: is it a Rounds broker?");
        GatewayFiles.write(files.key(), Keys.pem(keys.getPrivate()), "rw-------");
        GatewayFiles.write(files.brokerCa(), answer.caCertificate(), "rw-r--r--");
        GatewayFiles.write(files.certificate(), answer.certificate(), "rw-r--r--");
        say.accept("gateway " + answer.name() + " enrolled with broker " + a.broker() + "; key and certificate in " + files.dir());
        return answer.name();
    }

    /** The subject is a placeholder: the broker names the certificate after the code's gateway. */
    private static String csr(KeyPair keys) {
        try {
            return Keys.pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=rounds-gateway"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }

    /** The broker's one-line {"error": ...}, cut short. */
    private static String error(byte[] body) {
        try {
            JsonNode n = json.readTree(new String(body, StandardCharsets.UTF_8));
            String e = n == null ? "" : n.path("error").asText("").replaceAll("\\s+", " ").strip();
            return e.substring(0, Math.min(e.length(), 300));
        } catch (IOException e) {
            return "";
        }
    }
}
