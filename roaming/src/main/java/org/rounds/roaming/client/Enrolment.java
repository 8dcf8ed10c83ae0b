package org.rounds.roaming.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.rounds.broker.api.EnrolmentAnswer;
import org.rounds.broker.api.EnrolmentRequest;
import org.rounds.broker.api.OwnKeys;

/**
 * Enrols this endpoint with a broker: makes its key here (it never leaves the machine), sends a
 * certificate request with the one-time code, and keeps the key and the certificate the broker
 * CA issued in a directory: {@value #KEY_FILE} (mode 600 from creation) and {@value #CERTIFICATE_FILE}.
 */
public final class Enrolment {
    public static final String KEY_FILE = "endpoint-key.pem";
    public static final String CERTIFICATE_FILE = "endpoint.pem";

    private Enrolment() {}

    /**
     * Enrols with {@code code} through {@code broker} (which needs no client certificate for it)
     * and writes the key and certificate into {@code dir}; returns the endpoint id the code was
     * issued for. On a refusal nothing is left behind (an earlier key and certificate stay).
     *
     * @throws BrokerRejectedException the code is unknown, used or expired (one line, never the code)
     * @throws BrokerUnavailableException no broker answered
     */
    public static String enrol(BrokerClient broker, String code, Path dir) throws BrokerException {
        KeyPair keys = newKey();
        EnrolmentAnswer answer = broker.enrol(new EnrolmentRequest(code.strip(), CertificateRequest.pem(keys, "rounds-endpoint")));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        // The key first, then its certificate: a crash between them leaves a new key with the old
        // certificate, which the broker refuses until the endpoint enrols again, never a usable mismatch.
        write(dir.resolve(KEY_FILE), CertificateRequest.pem("PRIVATE KEY", keys.getPrivate().getEncoded()), "rw-------");
        write(dir.resolve(CERTIFICATE_FILE), answer.certificate(), "rw-r--r--");
        return answer.endpointId();
    }

    private static KeyPair newKey() {
        return OwnKeys.newP256();
    }

    /** Written under a temporary name created with its final mode, then moved over the old file. */
    private static void write(Path file, String text, String mode) {
        try {
            OwnKeys.write(file, text, mode);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot write " + file + ": a temporary file is in the way", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
