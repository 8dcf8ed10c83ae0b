package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;
import org.rounds.gateway.FakeBroker;
import org.rounds.gateway.TestCa;
import org.rounds.testpeers.PemTrust;

/**
 * {@code rounds gateway} as its own process against a fake broker in this JVM: the first start
 * enrols with the code file, says where it serves and which CA outside clients must trust, and
 * forwards a sign-in with its new certificate; SIGTERM stops it; the next start needs no code.
 */
// peer, not unit: it starts rounds gateway as a child JVM (its stdout lines and its SIGTERM are the point)
@Tag("peer")
@Timeout(120)
class GatewayProcessTest {
    private static final Pattern SERVING = Pattern.compile("gateway dmz-1 serving on 127\\.0\\.0\\.1:([0-9]+) for outside devices; brokers \\[.*]; the desktop's TLS runs end to end");
    @TempDir Path dir;

    @Test
    void aFirstStartEnrolsServesAndForwardsThenStopsOnSigtermAndStartsAgainWithoutACode() throws Exception {
        TestCa ca = new TestCa();
        Path caFile = ca.write(dir.resolve("broker-ca.pem"));
        Path data = dir.resolve("gw"), codeFile = dir.resolve("code.txt");
        try (FakeBroker broker = new FakeBroker(ca)) {
            String code = broker.code("dmz-1");
            Files.writeString(codeFile, code + "\n");
            Process p = start(broker, caFile, data, "--enrol-code-file", codeFile.toString());
            try {
                List<String> lines = lines(p, 3);
                assertThat(lines.get(0)).isEqualTo("gateway dmz-1 enrolled with broker " + broker.url() + "/; key and certificate in " + data);
                Matcher m = SERVING.matcher(lines.get(1));
                assertThat(m.matches()).as(lines.get(1)).isTrue();
                Path trust = data.resolve("public-tls").resolve("dev-ca.pem");
                assertThat(lines.get(2)).isEqualTo("the public port serves a development certificate: outside clients must trust " + trust);
                assertThat(String.join("\n", lines)).doesNotContain(code);

                X509TrustManager tm = PemTrust.manager(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
                OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), tm).build();
                String body = "{\"userId\":\"doctor\",\"password\":\"p\",\"code\":\"123456\",\"deviceId\":\"mac-1\",\"tapId\":\"t-1\"}";
                try (Response r = http.newCall(new Request.Builder().url("https://127.0.0.1:" + m.group(1) + BrokerApi.REMOTE_SIGN_INS)
                        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
                    assertThat(r.code()).isEqualTo(200);
                }
                assertThat(broker.seen(BrokerApi.REMOTE_SIGN_INS)).singleElement().satisfies(s -> {
                    assertThat(s.client()).isEqualTo("dmz-1");
                    assertThat(s.outsideSource()).isEqualTo("127.0.0.1");
                });
                p.destroy();   // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the gateway stopped on SIGTERM").isTrue();
            } finally {
                p.destroyForcibly();
            }
            Process again = start(broker, caFile, data);
            try {
                assertThat(lines(again, 1).get(0)).matches(SERVING.pattern());
            } finally {
                again.destroy();
                again.waitFor(20, TimeUnit.SECONDS);
                again.destroyForcibly();
            }
        }
    }

    private static Process start(FakeBroker broker, Path caFile, Path data, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), "org.rounds.cli.Main", "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--brokers", broker.url(), "--broker-ca", caFile.toString(), "--data", data.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The first {@code n} lines the process prints (fewer only if it exits first). */
    private static List<String> lines(Process p, int n) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; lines.size() < n && (line = out.readLine()) != null; ) lines.add(line);
        assertThat(lines).as("lines printed before the process ended").hasSize(n);
        return lines;
    }
}
