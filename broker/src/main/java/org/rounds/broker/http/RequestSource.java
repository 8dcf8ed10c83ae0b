package org.rounds.broker.http;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is asking, for limits and lockouts: the common name of a verified client certificate
 * ({@code cert:cart-1}) when the request carries one, else the peer's address
 * ({@code addr:10.1.2.3}). Never a header: X-Forwarded-For is whatever the caller writes.
 * Jetty verifies the chain against its trust store before it sets the attribute, so a name read
 * here was signed by the broker CA.
 *
 * @param key the source as limits, lockouts and audit rows name it
 */
public record RequestSource(String key) {
    /** Where Jetty (Servlet 6) puts a TLS client's verified chain, leaf first. */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final int MAX_KEY = 128;

    public RequestSource {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) throw new IllegalArgumentException("a source is 1.." + MAX_KEY + " characters");
    }

    static RequestSource of(HttpServletRequest request) {
        return of(request.getAttribute(CERTIFICATES), request.getRemoteAddr());
    }

    /** The certificate's CN when {@code certificates} holds a chain with one, else the address. */
    static RequestSource of(Object certificates, String remoteAddress) {
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            String cn = commonName(chain[0]);
            if (cn != null) return new RequestSource(clip("cert:" + cn));
        }
        return new RequestSource(clip("addr:" + (remoteAddress == null ? "unknown" : remoteAddress)));
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) return rdn.getValue().toString();
            }
        } catch (InvalidNameException e) {
            return null;   // a subject Jetty accepted but LDAP syntax does not: the address will do
        }
        return null;
    }

    private static String clip(String key) {
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }

    @Override
    public String toString() {
        return key;
    }
}
