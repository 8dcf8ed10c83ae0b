package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.testpeers.Await;

/**
 * The bench's load sends at most its lanes' worth of requests to a broker at once, on as many
 * kept-alive connections, and the rest once a lane frees: a slow broker no longer
 * makes the load open a connection per waiting tap.
 */
@Tag("unit")
class TapLanesTest {
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inHandler = new AtomicInteger(), mostAtOnce = new AtomicInteger();
    private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void slowServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", x -> {
            int now = inHandler.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            order.add(x.getRequestURI().getQuery());
            clientPorts.add(x.getRemoteAddress().getPort());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            inHandler.decrementAndGet();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void holdsAtMostItsLanesInFlightAndSendsTheRestInOrderOnTheSameConnections() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        TapLanes lanes = new TapLanes(http, 2);
        List<CompletableFuture<TapLanes.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(lanes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tap?" + i))
                    .timeout(Duration.ofSeconds(10)).build()));
        }
        Await.until(Duration.ofSeconds(5), "two requests at the server", () -> inHandler.get() == 2);

        assertThat(lanes.inFlight()).isEqualTo(2);
        assertThat(order).as("the four others wait in the load, not on new connections").hasSize(2);
        release.countDown();
        for (CompletableFuture<TapLanes.Answer> a : answers) assertThat(a.get(10, TimeUnit.SECONDS).response().body()).isEqualTo("ok");

        assertThat(mostAtOnce.get()).isEqualTo(2);
        // sent in order, but two lanes free at once: the server may see the two of a pair either way round
        assertThat(order.subList(2, 6)).containsExactlyInAnyOrder("2", "3", "4", "5");
        assertThat(clientPorts).as("connections the server saw").hasSizeLessThanOrEqualTo(2);
        assertThat(lanes.inFlight()).isZero();
    }
}
