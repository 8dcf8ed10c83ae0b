package org.rounds.host.agent;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.rounds.broker.api.OneLine;

/** Why a call to a broker failed, as the one line an operator reads: unreachable, untrusted, refused. */
final class BrokerFailure {
    private BrokerFailure() {}

    /** {@code broker} the URL as given with --join; {@code caFile} the --broker-ca file. */
    static String describe(URI broker, String caFile, Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof WebSocketHandshakeException w) {
            int status = w.getResponse().statusCode();
            return "broker " + broker + " refused the control channel (HTTP " + status + ")"
                    + (status == 401 || status == 403 ? ": this host's certificate is unknown or revoked there; enrol it again with a new --enrol-code" : "");
        }
        if (has(t, CertPathValidatorException.class) || (t instanceof SSLException && String.valueOf(t.getMessage()).contains("PKIX")))
            return "broker " + broker + " presented a certificate that --broker-ca " + caFile + " did not sign: check --broker-ca and --join";
        if (has(t, CertificateException.class) && String.valueOf(rootMessage(t)).contains("subject alternative"))
            return "broker " + broker + "'s certificate does not name " + broker.getHost() + ": join it by an address its certificate names";
        if (t instanceof SSLException)
            return "TLS with broker " + broker + " failed (" + OneLine.withRootCause(t) + "): check --broker-ca and --join";
        if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException || t instanceof UnresolvedAddressException
                || has(t, ConnectException.class))
            return "cannot reach broker " + broker + " (" + OneLine.withRootCause(t) + "): check --join and that the broker runs";
        if (t instanceof HttpTimeoutException)
            return "broker " + broker + " did not answer in time: check that it runs";
        if (t instanceof IllegalStateException) return "broker " + broker + ": " + OneLine.of(t);   // the channel's own one-line reason
        return "broker " + broker + ": " + OneLine.withRootCause(t);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) t = t.getCause();
        return t;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getMessage();
    }
}
