package org.rounds.broker.api;

import java.util.Objects;

/**
 * An endpoint redeeming its one-time enrolment code: POST {@value BrokerApi#ENROLMENTS} with a
 * PKCS#10 request (PEM) for a key it made itself, answered with an {@link EnrolmentAnswer}.
 * {@code endpointId} is optional: the code names the endpoint; when given it must match.
 */
public record EnrolmentRequest(String code, String csr, String endpointId) {
    public EnrolmentRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(csr, "csr");
    }

    /** A request that lets the code name the endpoint. */
    public EnrolmentRequest(String code, String csr) {
        this(code, csr, null);
    }
}
