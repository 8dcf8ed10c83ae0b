package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.cli.Main;
import org.rounds.testpeers.NetHost;
import org.rounds.testpeers.NetProcess;
import org.rounds.testpeers.PemTrust;
import org.rounds.testpeers.TestNetwork;

/**
 * {@code rounds broker} on another machine: each broker a process in its own network namespace,
 * bound to that namespace's address (one with {@code --bind ADDRESS --name broker1.ward.example},
 * one with {@code --bind 0.0.0.0}), and HTTPS clients elsewhere that trust only the broker's
 * development CA and check the host name they dial: by address from the root namespace, by name
 * through the client's own resolution, and with curl from a cart's namespace.
 */
@Tag("peer")
@Timeout(180)
class BrokerAcrossMachinesTest {
    private static final int PORT = 8443;   // each namespace has its own ports
    private static final String NAME = "broker1.ward.example";

    @TempDir static Path dir;
    static TestNetwork net;
    static NetHost named, wildcard, cart;
    static Path namedCa, wildcardCa;

    @BeforeAll
    static void startTwoBrokersInTheirOwnNamespaces() {
        net = TestNetwork.create();
        named = net.host("broker1");
        wildcard = net.host("broker2");
        cart = net.host("cart1");
        NetProcess one = broker(named, "broker1", "--bind", named.address().getHostAddress(), "--name", NAME);
        NetProcess two = broker(wildcard, "broker2", "--bind", "0.0.0.0");
        one.awaitOutput("broker listening on https://" + named.address().getHostAddress() + ":" + PORT, Duration.ofSeconds(90));
        two.awaitOutput("broker listening on https://0.0.0.0:" + PORT, Duration.ofSeconds(90));
        namedCa = dir.resolve("broker1/tls/dev-ca.pem");
        wildcardCa = dir.resolve("broker2/tls/dev-ca.pem");
    }

    @AfterAll
    static void removeTheNetwork() {
        if (net != null) net.close();
    }

    private static NetProcess broker(NetHost host, String data, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("broker", "--port", Integer.toString(PORT), "--data", dir.resolve(data).toString()));
        args.addAll(List.of(options));
        return host.startJava(Main.class.getName(), args, Map.of());
    }

    @Test
    void theRootNamespaceReachesTheBrokerByItsNamespaceAddressCheckingTheCertificatesName() throws Exception {
        HttpResponse<String> ready = get(namedCa, "https://" + named.address().getHostAddress() + ":" + PORT + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
        assertThat(named.address().isLoopbackAddress()).isFalse();
    }

    @Test
    void aClientResolvingTheNameGivenWithNameToTheNamespaceAddressIsAnsweredAndAnUnnamedOneIsRefused() throws Exception {
        try (Response r = resolvingTo(named.address(), namedCa).newCall(new Request.Builder()
                .url("https://" + NAME + ":" + PORT + "/health/ready").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.handshake().tlsVersion().javaName()).isEqualTo("TLSv1.3");
        }
        assertThatThrownBy(() -> resolvingTo(named.address(), namedCa).newCall(new Request.Builder()
                .url("https://broker9.ward.example:" + PORT + "/health/ready").build()).execute().close())
                .as("a name the broker was not given fails the client's host name check")
                .isInstanceOf(SSLPeerUnverifiedException.class)
                .hasMessageContaining("broker9.ward.example");
    }

    @Test
    void aCartInAnotherNamespaceReachesTheBrokerByNameWithCurlsOwnChecks() {
        NetHost.Exec curl = cart.exec("curl", "-sS", "--max-time", "10", "--cacert", namedCa.toString(),
                "--resolve", NAME + ":" + PORT + ":" + named.address().getHostAddress(),
                "-o", "/dev/null", "-w", "%{http_code} %{ssl_verify_result}", "https://" + NAME + ":" + PORT + "/health/ready");
        assertThat(curl.stdout()).as(curl.stderr()).isEqualTo("200 0");
        assertThat(cart.connects(InetAddress.getLoopbackAddress(), PORT)).as("not by the cart's own loopback").isFalse();
    }

    @Test
    void aBrokerBoundToEveryAddressNamesItsNamespaceAddressInItsCertificate() throws Exception {
        HttpResponse<String> ready = get(wildcardCa, "https://" + wildcard.address().getHostAddress() + ":" + PORT + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        NetHost.Exec curl = cart.exec("curl", "-sS", "--max-time", "10", "--cacert", wildcardCa.toString(), "-o", "/dev/null",
                "-w", "%{http_code}", "https://" + wildcard.address().getHostAddress() + ":" + PORT + "/health/live");
        assertThat(curl.stdout()).as(curl.stderr()).isEqualTo("200");
        assertThat(Files.readString(wildcardCa)).isNotEqualTo(Files.readString(namedCa));
    }

    private static HttpResponse<String> get(Path ca, String url) throws Exception {
        // java.net.http checks the host name against the certificate's SANs, as a cart's client does
        HttpClient https = HttpClient.newBuilder().sslContext(PemTrust.only(ca)).connectTimeout(Duration.ofSeconds(5)).build();
        return https.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An OkHttp client that trusts only {@code ca} and resolves every name to {@code address} (the test's DNS). */
    private static OkHttpClient resolvingTo(InetAddress address, Path ca) throws Exception {
        return new OkHttpClient.Builder()
                .sslSocketFactory(PemTrust.only(ca).getSocketFactory(), PemTrust.manager(ca))
                .dns(host -> {
                    if (!host.endsWith(".ward.example")) throw new UnknownHostException(host + ": only *.ward.example resolves in this test");
                    return List.of(address);
                })
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                .build();
    }
}
