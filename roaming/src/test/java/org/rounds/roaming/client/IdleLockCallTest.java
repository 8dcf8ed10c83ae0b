package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.IdleLockReport;

/** The idle-lock report on the wire: its path and JSON, failover past a dead broker, and a refusal that is final. */
@Tag("unit")
@Timeout(30)
class IdleLockCallTest {
    final MockWebServer broker = new MockWebServer();
    BrokerClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) client.close();
        broker.shutdown();
    }

    final IdleLockReport report = new IdleLockReport("cart-1", "nurse", 7, "tok-7", Instant.parse("2026-12-06T08:05:00Z"));

    @Test
    void aReportFailsOverToTheNextBrokerAndPostsItsFields() throws Exception {
        broker.enqueue(new MockResponse().setResponseCode(204));
        client = BrokerClient.builder().broker(BrokerClientTest.deadBrokerUrl()).broker(broker.url("/").toString())
                .probeInterval(Duration.ZERO).build();

        client.idleLock(report);

        RecordedRequest r = broker.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo(BrokerApi.IDLE_LOCKS);
        assertThat(r.getBody().readUtf8()).contains("\"endpointId\":\"cart-1\"", "\"userId\":\"nurse\"", "\"generation\":7",
                "\"reconnectToken\":\"tok-7\"", "\"lockedAt\":\"2026-12-06T08:05:00Z\"");
    }

    @Test
    void a403IsARefusalNotRetriedElsewhere() throws Exception {
        broker.enqueue(new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"endpoint cart-1 does not own the session of nurse at generation 7; nothing changed\"}"));
        client = BrokerClient.builder().broker(broker.url("/").toString()).probeInterval(Duration.ZERO).build();

        assertThatThrownBy(() -> client.idleLock(report)).isInstanceOf(BrokerRejectedException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("does not own the session");
        assertThat(report.toString()).doesNotContain("tok-7");
    }
}
