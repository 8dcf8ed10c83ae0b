package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerClient;
import org.slf4j.LoggerFactory;

/** Runs taps end to end over HTTP with every logger at TRACE and searches the log for the badge number. */
@Tag("unit")
@Timeout(30)
class BadgeNumbersStayOutOfLogsTest {
    static final String BADGE = "04C0FFEE1234";

    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level previous;
    final MockWebServer broker = new MockWebServer();

    @BeforeEach
    void capture() {
        previous = root.getLevel();
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() throws IOException {
        root.detachAppender(appender);
        root.setLevel(previous);
        broker.shutdown();
    }

    @Test
    void noLogLineOrStackTraceContainsTheBadgeNumber() throws Exception {
        broker.enqueue(new MockResponse().setBody("{\"decision\":\"connect\",\"userId\":\"alice\",\"displayName\":\"A\","
                + "\"generation\":1,\"desktop\":{\"host\":\"10.0.0.5\",\"port\":5901,\"password\":\"p\"}}"));
        broker.enqueue(new MockResponse().setResponseCode(403).setBody("{\"error\":\"badge blocked\"}"));
        broker.enqueue(new MockResponse().setBody("{\"decision\":\"lock\",\"userId\":\"alice\",\"reason\":\"tap-out\"}"));
        broker.enqueue(new MockResponse().setResponseCode(500).setBody("oops"));
        Fakes.CallLog calls = new Fakes.CallLog();
        BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();

        try (BrokerClient client = BrokerClient.builder().broker(broker.url("/").toString()).build();
             RoamingEndpoint endpoint = RoamingEndpoint.builder()
                     .profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "ward 4"))
                     .broker(client).display(new Fakes.FakeDisplay(calls)).screen(new Fakes.FakeScreen(calls))
                     .build()) {
            endpoint.addListener(transitions::add);
            for (int i = 0; i < 4; i++) {
                endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                        new Credential(Credential.Technology.SIMULATED, BADGE.getBytes(), BADGE), Instant.now()));
            }
            // connect (3 transitions), refused (ignored), lock (1), 500 (2: IDENTIFYING, LOCKED)
            for (int i = 0; i < 6; i++) assertThat(transitions.poll(10, TimeUnit.SECONDS)).isNotNull();
        }

        assertThat(broker.takeRequest().getBody().readUtf8()).contains(BADGE); // it does reach the broker
        assertThat(appender.list).isNotEmpty();
        for (ILoggingEvent event : appender.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).as("log line from %s", event.getLoggerName()).doesNotContain(BADGE);
        }
    }
}
