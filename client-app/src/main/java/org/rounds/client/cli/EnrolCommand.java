package org.rounds.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rounds enrol}: makes this endpoint's key here, trades the admin's one-time code for a
 * client certificate, keeps both in --out and prints {@code enrolled ID}.
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = {"Enrols this endpoint with a broker using the one-time code from 'rounds broker endpoints add'.",
                "Writes DIR/" + Enrolment.KEY_FILE + " (made here, mode 600) and DIR/" + Enrolment.CERTIFICATE_FILE
                        + ", and prints 'enrolled ID'."})
public final class EnrolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "The broker, e.g. https://broker.example:8443.")
    String broker;

    @Option(names = "--broker-ca", required = true, paramLabel = "FILE", description = "PEM file of the CA that signed the broker's "
            + "certificate, e.g. the tls/dev-ca.pem of a 'rounds broker' data directory.")
    Path brokerCa;

    @Option(names = "--code", required = true, paramLabel = "CODE", description = "The one-time enrolment code (valid 24 h).")
    String code;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to keep the key and the certificate.")
    Path out;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().println("enrolled " + enrol(broker, brokerCa, code, out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Enrols through {@code broker} into {@code dir}; returns the endpoint id. Failures are one line without the code. */
    static String enrol(String broker, Path brokerCa, String code, Path dir) throws Exception {
        if (!broker.startsWith("https://")) throw new IllegalArgumentException("--broker must be an https:// URL: enrolment needs TLS");
        // one attempt with time to spare: a code is single use, and a slow first TLS handshake must not look like a refusal
        try (BrokerClient client = BrokerClient.builder().broker(broker).caFile(brokerCa).deadline(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(15)).connectTimeout(Duration.ofSeconds(5))
                .probeInterval(Duration.ZERO).build()) {
            return Enrolment.enrol(client, code, dir);
        }
    }
}
