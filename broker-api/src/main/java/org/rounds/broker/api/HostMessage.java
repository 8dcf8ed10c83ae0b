package org.rounds.broker.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * The control channel between a desktop host and a broker: one WebSocket per host, to
 * {@value BrokerApi#HOST_CONTROL} over mutual TLS (the host's certificate from
 * {@value BrokerApi#HOST_ENROLMENTS} names it). Text frames, one JSON message each, at most
 * {@link #MAX_BYTES}. The JSON carries {@code "type": "hello" | ...}.
 *
 * <p>The host speaks first ({@link Hello}), then sends a {@link Heartbeat} every
 * {@link Welcome#heartbeatMillis}; a host silent for {@link #DOWN_AFTER_MILLIS} is down. The
 * broker sends {@link Admit}, {@link Disconnect} and {@link Logoff}, each answered by one
 * {@link Reply} with the same {@code id}. The hand-over rule: on {@link Admit} the host revokes
 * every earlier credential of the user's desktop and cuts every viewer they admitted before the
 * new password admits anyone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HostMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = HostMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = HostMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = HostMessage.Admit.class, name = "admit"),
    @JsonSubTypes.Type(value = HostMessage.Disconnect.class, name = "disconnect"),
    @JsonSubTypes.Type(value = HostMessage.Logoff.class, name = "logoff"),
    @JsonSubTypes.Type(value = HostMessage.Reply.class, name = "reply"),
})
public sealed interface HostMessage {
    /** The largest message either side reads; a bigger one closes the channel. */
    int MAX_BYTES = 64 * 1024;
    /** How often a host sends its heartbeat unless the broker's {@link Welcome} says otherwise. */
    int HEARTBEAT_MILLIS = 1000;
    /** A host whose last heartbeat is older than this is down (its users are placed afresh). */
    int DOWN_AFTER_MILLIS = 3500;

    /**
     * Host → broker, first: what it serves. {@code address} is where endpoints reach its desktop
     * port (HOST:PORT, the {@code --advertise} value); {@code pin} the SHA-256 of the certificate
     * that port presents; {@code provider} embedded, xvnc or static; {@code site} may be empty.
     */
    record Hello(String provider, String address, String pin, int capacity, String site, List<Desktop> desktops)
            implements HostMessage {
        public Hello {
            desktops = desktops == null ? List.of() : List.copyOf(desktops);
            site = site == null ? "" : site;
        }
    }

    /** Broker → host, the answer to {@link Hello}. */
    record Welcome(String brokerId, int heartbeatMillis) implements HostMessage {}

    /** Host → broker: its desktops now, and whether it can start more. */
    record Heartbeat(int capacity, boolean healthy, List<Desktop> desktops) implements HostMessage {
        public Heartbeat {
            desktops = desktops == null ? List.of() : List.copyOf(desktops);
        }
    }

    /**
     * One desktop running on a host: its user, whether a viewer watches it now, and since when
     * nobody has (epoch milliseconds; 0 while watched).
     */
    record Desktop(String userId, boolean watched, long vacantSinceMillis) {}

    /**
     * Broker → host, answered by one {@link Reply} with the same {@code id}: what a broker may ask
     * of a host about one user's desktop.
     */
    sealed interface Command extends HostMessage {
        String id();

        String userId();

        /** The same command under another id (a broker relaying it numbers it on its own channel). */
        Command withId(String id);
    }

    /**
     * Broker → host: start the user's desktop if none runs, cut its earlier viewers and revoke
     * their credentials, then let {@code password} admit one viewer within
     * {@link DesktopPool#CREDENTIAL_LIFETIME}. Answered once the new password admits.
     */
    record Admit(String id, String userId, String displayName, String password) implements Command {
        public Admit {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Admit withId(String id) {
            return new Admit(id, userId, displayName, password);
        }

        @Override
        public String toString() {
            return "Admit[id=" + id + ", userId=" + userId + "]"; // never the password
        }
    }

    /** Broker → host: revoke the user's credentials and cut its viewers; the desktop keeps running. */
    record Disconnect(String id, String userId) implements Command {
        @Override
        public Disconnect withId(String id) {
            return new Disconnect(id, userId);
        }
    }

    /** Broker → host: end the user's desktop. */
    record Logoff(String id, String userId) implements Command {
        @Override
        public Logoff withId(String id) {
            return new Logoff(id, userId);
        }
    }

    /** Host → broker: the outcome of the command {@code id}; {@code error} is one line when not {@code ok}. */
    record Reply(String id, boolean ok, String error) implements HostMessage {
        public Reply {
            error = error == null ? "" : error;
        }
    }
}
