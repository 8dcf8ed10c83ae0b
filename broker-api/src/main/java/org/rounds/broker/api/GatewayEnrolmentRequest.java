package org.rounds.broker.api;

import java.util.Objects;

/**
 * A remote-access gateway redeeming its one-time enrolment code ({@code rounds broker gateways
 * add NAME}): POST {@value BrokerApi#GATEWAY_ENROLMENTS} with a PKCS#10 request (PEM) for a key
 * it made itself, answered with a {@link GatewayEnrolmentAnswer}. {@code name} is optional: the
 * code names the gateway; when given it must match.
 */
public record GatewayEnrolmentRequest(String code, String csr, String name) {
    public GatewayEnrolmentRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(csr, "csr");
    }

    @Override
    public String toString() { return "GatewayEnrolmentRequest[name=" + name + "]"; } // never the code
}
