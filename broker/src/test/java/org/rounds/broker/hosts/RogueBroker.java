package org.rounds.broker.hosts;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.tls.TlsSettings;

/**
 * A broker's TLS key and control-channel path, with whatever answer to a host's hello a test
 * gives it (a message too big, garbage): what a host does with a broker it cannot trust to speak.
 */
final class RogueBroker implements AutoCloseable {
    private final Javalin app;
    private final TlsSettings.Served tls;
    /** Completes with the close status the host's side ended the channel with. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    RogueBroker(Path caDir, Function<String, String> answerToHello) {
        tls = TlsSettings.devCa().caDirectory(caDir).open(null, "127.0.0.1", Instant.now());
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(tls.jetty(), HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(http));
                c.setHost("127.0.0.1");
                c.setPort(0);
                return c;
            });
        });
        app.ws(BrokerApi.HOST_CONTROL, ws -> {
            ws.onMessage(ctx -> ctx.send(answerToHello.apply(ctx.message())));
            ws.onClose(ctx -> closed.complete(ctx.status()));
            ws.onError(ctx -> closed.complete(-1));
        });
        app.start();
    }

    String baseUrl() {
        return "https://127.0.0.1:" + ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
        tls.close();
    }
}
