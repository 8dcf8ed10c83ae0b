package org.rounds.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A gateway enrolled with a fake broker, made for a test: its data directory, the CA file, and the gateway started. */
final class Gateways {
    private Gateways() {}

    /** Enrols {@code data} at {@code enrolAt} (with a fresh code) and starts a gateway on 127.0.0.1:0 forwarding to {@code brokers}. */
    static Gateway start(Path data, Path brokerCa, FakeBroker enrolAt, GatewayLimits limits, String... brokers) {
        if (!new GatewayFiles(data).enrolled()) {
            GatewayEnrolment.ensure(List.of(URI.create(enrolAt.url())), brokerCa, new GatewayFiles(data), enrolAt.code("gw-test"), line -> {});
        }
        return Gateway.builder().bind("127.0.0.1").port(0).brokers(Arrays.stream(brokers).map(URI::create).toList())
                .brokerCa(brokerCa).data(data).limits(limits).build().start();
    }

    /** A loopback port nothing listens on (bound, then closed). */
    static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
