package org.rounds.broker.api;

import java.util.Objects;

/**
 * A desktop host redeeming its one-time enrolment code ({@code rounds broker hosts add}): POST
 * {@value BrokerApi#HOST_ENROLMENTS} with a PKCS#10 request (PEM) for a key it made itself,
 * answered with a {@link HostEnrolmentAnswer}. {@code name} is optional: the code names the
 * host; when given it must match.
 */
public record HostEnrolmentRequest(String code, String csr, String name) {
    public HostEnrolmentRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(csr, "csr");
    }
}
