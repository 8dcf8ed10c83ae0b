package org.rounds.broker.http;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The name a client certificate's URI SAN gives after a prefix such as {@code urn:rounds:host:}. */
final class CertificateUris {
    private static final int URI_NAME = 6;   // GeneralName uniformResourceIdentifier

    private CertificateUris() {}

    /** What follows {@code prefix} in the first URI SAN that starts with it; empty when none does. */
    static Optional<String> named(X509Certificate cert, String prefix) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (sans == null) return Optional.empty();
        return sans.stream()
                .filter(san -> san.size() == 2 && Integer.valueOf(URI_NAME).equals(san.get(0)) && san.get(1) instanceof String)
                .map(san -> (String) san.get(1))
                .filter(uri -> uri.startsWith(prefix))
                .map(uri -> uri.substring(prefix.length()))
                .findFirst();
    }
}
