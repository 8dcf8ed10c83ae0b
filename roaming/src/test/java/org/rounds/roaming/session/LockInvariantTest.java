package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerUnavailableException;

/**
 * Random sequences of taps, broker answers, pushes and dropped connections (seeded, so a
 * failure names a reproducible seed), checking what must hold whatever happens: every LOCKED
 * is immediately preceded by a screen clear (and then the close of a shown session, never before), no more than one
 * desktop session is open, LOCKED means none is, and every input is handled. The property tests
 * over the machine itself are {@link LockInvariantProperties}.
 */
@Tag("unit")
@Timeout(60)
class LockInvariantTest {

    @Test
    void theScreenIsClearedBeforeEveryLockWhateverTheOrderOfInputs() throws Exception {
        // The scripted broker also throws unexpected exceptions; their ERROR logs would flood the build output.
        ch.qos.logback.classic.Logger machineLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RoamingEndpoint.class);
        ch.qos.logback.classic.Level previous = machineLog.getLevel();
        machineLog.setLevel(ch.qos.logback.classic.Level.OFF);
        try {
            for (long seed = 1; seed <= 150; seed++) {
                runOne(seed);
            }
        } finally {
            machineLog.setLevel(previous);
        }
    }

    private void runOne(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> log = new CopyOnWriteArrayList<>();
        Fakes.CallLog brokerLog = new Fakes.CallLog();
        Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(brokerLog);
        List<DisplaySession.Listener> lostListeners = new CopyOnWriteArrayList<>();
        DesktopDisplay display = (address, listener) -> {
            if (address.port() == 5999) throw new java.io.IOException("Connection refused");
            lostListeners.add(listener);
            log.add("open");
            return () -> log.add("close");
        };
        Fakes.FakePushChannel push = new Fakes.FakePushChannel(new Fakes.CallLog());
        RoamingEndpoint endpoint = RoamingEndpoint.builder()
                .profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "ward 4"))
                .broker(broker).display(display).screen(() -> log.add("clear"))
                .build();
        endpoint.addListener(t -> log.add(t.to().name()));

        int badges = 0;
        for (int i = 0; i < 30; i++) {
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    broker.then(randomAnswer(random));
                    endpoint.onEvent(new ReaderEvent.BadgePresented("sim", new Credential(
                            Credential.Technology.SIMULATED, null, "B" + random.nextInt(3)), Instant.EPOCH));
                    badges++;
                }
                case 2 -> endpoint.onPush(new PushEvent.SessionMoved("ev-" + i, user(random), "cart-2",
                        random.nextInt(6)), push);
                default -> {
                    if (!lostListeners.isEmpty()) {
                        lostListeners.get(random.nextInt(lostListeners.size())).connectionLost("dropped");
                    }
                }
            }
        }
        endpoint.close(); // handles every queued input, then locks

        String where = "seed " + seed + ": " + log;
        assertThat(broker.requests).as(where).hasSize(badges);
        assertThat(endpoint.state()).as(where).isEqualTo(RoamingState.LOCKED);
        int open = 0;
        for (int i = 0; i < log.size(); i++) {
            String entry = log.get(i);
            if (entry.equals("open")) open++;
            if (entry.equals("close")) {
                open--;
                assertThat(log.get(i - 1)).as("clear right before a session closes at %d, %s", i, where).isEqualTo("clear");
            }
            assertThat(open).as(where).isBetween(0, 1);
            if (entry.equals("LOCKED")) {
                assertThat(open).as("no session open at LOCKED, " + where).isZero();
                String before = log.get(i - 1);
                boolean cleared = before.equals("clear") || (before.equals("close") && log.get(i - 2).equals("clear"));
                assertThat(cleared).as("clear right before LOCKED at %d, %s", i, where).isTrue();
            }
        }
    }

    private static Object randomAnswer(Random random) {
        return switch (random.nextInt(7)) {
            case 0, 1 -> Fakes.connect(user(random), "10.0.0.5", random.nextInt(10) == 0 ? 5999 : 5901, random.nextInt(6));
            case 2 -> new TapDecision.Lock(user(random), "tap-out");
            case 3 -> new TapDecision.UnknownBadge();
            case 4 -> new TapDecision.Denied("disabled");
            case 5 -> new BrokerUnavailableException("http://b/", "broker http://b/ unavailable: Connection refused", null);
            default -> new IllegalStateException("bug");
        };
    }

    private static String user(Random random) {
        return List.of("alice", "bob", "carol").get(random.nextInt(3));
    }

}
