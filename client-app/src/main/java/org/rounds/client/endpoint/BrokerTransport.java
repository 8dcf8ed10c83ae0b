package org.rounds.client.endpoint;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which broker URLs an endpoint may speak to. A badge tap carries a badge number and the answer
 * carries a desktop's one-time password, so production endpoints speak only HTTPS; plain HTTP is
 * for a developer's loopback broker ({@code rounds client --insecure-dev}) and the in-process
 * broker of {@code rounds demo}, which asks for it in code.
 */
public enum BrokerTransport {
    /** Only {@code https://} brokers: what {@code rounds client} runs with. */
    TLS_ONLY,
    /** {@code http://} brokers too: {@code --insecure-dev}, and the demo's loopback broker. */
    INSECURE_DEV;

    /** The flag that allows plain HTTP, named in the refusal. */
    public static final String FLAG = "--insecure-dev";

    /**
     * @throws IllegalArgumentException (one line naming the URL and {@link #FLAG}) when a broker is
     *                                  plain HTTP and this transport does not allow it
     */
    public void check(List<String> brokerUrls) {
        if (this == INSECURE_DEV) return;
        for (String url : brokerUrls) {
            if (plainHttp(url)) {
                throw new IllegalArgumentException("broker " + url + " is plain HTTP: use its https:// URL, or "
                        + FLAG + " for a development broker");
            }
        }
    }

    private static boolean plainHttp(String url) {
        try {
            String scheme = URI.create(url.strip()).getScheme();
            return scheme != null && scheme.toLowerCase(Locale.ROOT).equals("http");
        } catch (IllegalArgumentException e) {
            return url.strip().toLowerCase(Locale.ROOT).startsWith("http:");
        }
    }
}
