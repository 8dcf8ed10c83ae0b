package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.api.PushEvent;

/**
 * A pushed profile on the endpoint alone: a good one is in force at once and acknowledged; bad
 * values (a broker of another version, or a hostile one) are refused with one line, the profile
 * in force kept and the push still acknowledged; an older version of the profile in force
 * (a catch-up racing a change) changes nothing.
 */
@Tag("unit")
@Timeout(30)
class PushedProfileTest {
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.CallLog acks = new Fakes.CallLog();
    final RoamingEndpoint endpoint = RoamingEndpoint.builder().profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""))
            .broker(new Fakes.ScriptedBroker(calls)).display(new Fakes.FakeDisplay(calls)).screen(new Fakes.FakeScreen(calls))
            .clock(new IdleLockTest.MovableClock()).build();

    @AfterEach
    void close() {
        endpoint.close();
    }

    static ProfileSettings settings(int idleMinutes, String language, List<String> brokers) {
        return new ProfileSettings(idleMinutes, "nothing", false, "in", language, brokers, "");
    }

    void push(String id, String profile, int version, ProfileSettings s) throws InterruptedException {
        endpoint.onPush(new PushEvent.ProfileChanged(id, profile, version, s), new Fakes.FakePushChannel(acks));
        acks.await("ack " + id);
    }

    @Test
    void aGoodProfileIsInForceAtOnceAndItsListenersHearIt() throws Exception {
        List<AppliedProfile> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        endpoint.onProfileApplied(heard::add);
        push("e1", "ward", 3, settings(9, "fr", List.of("https://b1:8443")));
        EndpointProfile.Policy p = endpoint.profile().policy();
        assertThat(endpoint.idleLock()).isEqualTo(Duration.ofMinutes(9));
        assertThat(p.sameUserTap()).isEqualTo(EndpointProfile.SameUserTap.NOTHING);
        assertThat(p.tapOver()).isFalse();
        assertThat(p.clipboard()).isEqualTo(EndpointProfile.Clipboard.IN);
        assertThat(heard).singleElement().satisfies(a -> {
            assertThat(a.language()).isEqualTo("fr");
            assertThat(a.brokers()).containsExactly("https://b1:8443");
            assertThat(a.version()).isEqualTo(3);
        });
    }

    @Test
    void badValuesAreRefusedAndTheProfileInForceKept() throws Exception {
        push("e1", "ward", 1, settings(9, "en", List.of()));
        push("e2", "ward", 2, settings(-5, "en", List.of()));
        push("e3", "ward", 3, settings(9, "klingon", List.of()));
        push("e4", "ward", 4, settings(9, "en", List.of("javascript:alert(1)")));
        push("e5", "ward", 5, new ProfileSettings(1, null, true, "both", "en", List.of(), ""));
        push("e6", "ward", 6, null);
        push("e7", "ward\nforged log line", 7, settings(1, "en", List.of()));
        assertThat(endpoint.appliedProfile().map(AppliedProfile::version)).contains(1);
        assertThat(endpoint.idleLock()).isEqualTo(Duration.ofMinutes(9));
    }

    @Test
    void anOlderVersionOfTheProfileInForceChangesNothing() throws Exception {
        push("e1", "ward", 5, settings(9, "en", List.of()));
        push("e2", "ward", 4, settings(2, "en", List.of()));
        assertThat(endpoint.idleLock()).isEqualTo(Duration.ofMinutes(9));
        push("e3", "icu", 1, settings(2, "en", List.of()));
        assertThat(endpoint.idleLock()).as("another profile, newly assigned").isEqualTo(Duration.ofMinutes(2));
    }
}
