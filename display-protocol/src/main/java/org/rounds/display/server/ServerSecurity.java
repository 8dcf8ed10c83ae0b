package org.rounds.display.server;

import java.security.MessageDigest;
import java.util.Objects;
import org.rounds.display.internal.VncAuth;

/** How an {@link RfbServer} admits viewers: no authentication, one-time passwords, or one fixed password (demos). */
public sealed interface ServerSecurity {

    static ServerSecurity none() { return new None(); }

    static ServerSecurity oneTimePasswords(PasswordBook book) { return new OneTime(Objects.requireNonNull(book)); }

    /** One password that admits any number of viewers; for demos, not for clinical use. */
    static ServerSecurity fixedPassword(String password) {
        if (password.isEmpty()) throw new IllegalArgumentException("an empty password admits anyone");
        return new Fixed(password);
    }

    /** RFB security type number offered. */
    int type();

    /** VNC auth check; consumes a one-time password on success. */
    boolean admits(byte[] challenge, byte[] response);

    /** The SecurityResult reason sent to a refused viewer. */
    default String refusal() { return "authentication failed"; }

    record None() implements ServerSecurity {
        public int type() { return 1; }

        public boolean admits(byte[] challenge, byte[] response) { return true; }
    }

    record OneTime(PasswordBook book) implements ServerSecurity {
        public int type() { return 2; }

        public boolean admits(byte[] challenge, byte[] response) { return book.consume(challenge, response); }

        public String refusal() { return "authentication failed: password wrong, already used or revoked"; }
    }

    record Fixed(String password) implements ServerSecurity {
        public int type() { return 2; }

        public boolean admits(byte[] challenge, byte[] response) {
            return MessageDigest.isEqual(VncAuth.response(challenge, password), response);
        }

        @Override
        public String toString() { return "Fixed[password hidden]"; }
    }
}
