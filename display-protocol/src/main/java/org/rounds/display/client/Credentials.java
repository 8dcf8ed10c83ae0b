package org.rounds.display.client;

import java.nio.file.Path;
import java.util.Optional;

/** What the client may authenticate with and how it trusts a TLS server; from {@link RfbClient.Builder}. */
record Credentials(Optional<String> username, Optional<String> password, Optional<Path> caFile, Optional<String> pinSha256,
                   boolean x509VncOnly, boolean noneOnly) {

    Credentials(Optional<String> username, Optional<String> password, Optional<Path> caFile, Optional<String> pinSha256, boolean x509VncOnly) {
        this(username, password, caFile, pinSha256, x509VncOnly, false);
    }

    Credentials(Optional<String> username, Optional<String> password, Optional<Path> caFile, Optional<String> pinSha256) {
        this(username, password, caFile, pinSha256, false, false);
    }

    static Credentials password(Optional<String> password) {
        return new Credentials(Optional.empty(), password, Optional.empty(), Optional.empty());
    }

    /** True when the user configured how to trust an X509 server (a CA file or a pin). */
    boolean trustConfigured() { return caFile.isPresent() || pinSha256.isPresent(); }

    ServerTrust trust() { return new ServerTrust(caFile, pinSha256); }

    @Override
    public String toString() { return "Credentials[user " + username.orElse("-") + ", password hidden]"; }
}
