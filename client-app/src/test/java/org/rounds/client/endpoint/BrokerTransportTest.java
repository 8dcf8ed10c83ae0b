package org.rounds.client.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.session.EndpointProfile;

/** Every way of starting an endpoint goes through {@link Endpoint#start}: plain HTTP only when asked for in code. */
@Tag("unit")
class BrokerTransportTest {

    @Test
    void httpsBrokersPassAndAnHttpOneAmongThemIsNamed() {
        BrokerTransport.TLS_ONLY.check(List.of("https://a.ward4:8443", "HTTPS://b.ward4:8443/rounds/"));
        assertThatThrownBy(() -> BrokerTransport.TLS_ONLY.check(List.of("https://a.ward4:8443", "HTTP://b.ward4:8080")))
                .hasMessage("broker HTTP://b.ward4:8080 is plain HTTP: use its https:// URL, or --insecure-dev for a development broker");
    }

    @Test
    void insecureDevAllowsHttp() {
        BrokerTransport.INSECURE_DEV.check(List.of("http://127.0.0.1:8080"));
    }

    @Test
    void anEndpointStartedWithoutATransportRefusesAnHttpBrokerBeforeSendingAnything() {
        EndpointProfile profile = new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "");
        // Port 9 (discard) on loopback: had it tried to register, the message would name a failed registration.
        BrokerClient client = BrokerClient.builder().broker("http://127.0.0.1:9").build();
        assertThatThrownBy(() -> Endpoint.start(profile, client, Duration.ZERO, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broker http://127.0.0.1:9/ is plain HTTP")
                .hasMessageContaining("--insecure-dev");
        assertThat(client.brokers()).containsExactly("http://127.0.0.1:9/");
    }
}
