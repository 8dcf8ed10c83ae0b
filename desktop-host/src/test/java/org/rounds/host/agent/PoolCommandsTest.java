package org.rounds.host.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.HostMessage;
import org.rounds.host.EmbeddedDesktopPool;

/** What a broker's commands do to a host's pool, and the one-line Reply each gets. */
@Tag("unit")
class PoolCommandsTest {
    final EmbeddedDesktopPool embedded = new EmbeddedDesktopPool();

    @AfterEach
    void close() {
        embedded.close();
    }

    /** Records calls; a desktop per admitted user, watched unless told otherwise. */
    static class Recording implements DesktopPool {
        final List<String> calls = new ArrayList<>();
        final Map<String, Optional<Instant>> desktops = new LinkedHashMap<>();

        @Override public DesktopAddress admit(String userId, String displayName, String password) {
            calls.add("admit " + userId + " " + password);
            desktops.put(userId, Optional.empty());
            return new DesktopAddress("10.231.7.5", 5900, password);
        }

        @Override public DesktopAddress handOver(String userId, String displayName) { throw new AssertionError("a host never hands over by itself"); }

        @Override public Set<String> users() { return Set.copyOf(desktops.keySet()); }

        @Override public Optional<Instant> vacantSince(String userId) { return desktops.getOrDefault(userId, Optional.empty()); }

        @Override public void disconnect(String userId) { calls.add("disconnect " + userId); }

        @Override public void logoff(String userId) {
            calls.add("logoff " + userId);
            desktops.remove(userId);
        }

        @Override public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }

        @Override public void close() {}
    }

    @Test
    void eachCommandReachesThePoolAndIsAnsweredOk() {
        Recording pool = new Recording();
        PoolCommands c = new PoolCommands(pool, "xvnc", 2);

        assertThat(c.execute(new HostMessage.Admit("1", "nurse", "Nurse", "pw-1"))).isEqualTo(new HostMessage.Reply("1", true, ""));
        assertThat(c.execute(new HostMessage.Disconnect("2", "nurse"))).isEqualTo(new HostMessage.Reply("2", true, ""));
        assertThat(c.execute(new HostMessage.Logoff("3", "nurse"))).isEqualTo(new HostMessage.Reply("3", true, ""));
        assertThat(pool.calls).containsExactly("admit nurse pw-1", "disconnect nurse", "logoff nurse");
    }

    @Test
    void aFullHostRefusesANewUserButNotOneItRunsAlready() {
        Recording pool = new Recording();
        PoolCommands c = new PoolCommands(pool, "xvnc", 2);
        c.execute(new HostMessage.Admit("1", "a", "A", "pw-a"));
        c.execute(new HostMessage.Admit("2", "b", "B", "pw-b"));

        assertThat(c.execute(new HostMessage.Admit("3", "c", "C", "pw-c")))
                .isEqualTo(new HostMessage.Reply("3", false, "desktop host full: 2 of 2 sessions"));
        assertThat(c.execute(new HostMessage.Admit("4", "a", "A", "pw-a2")).ok()).as("a roam of a running desktop").isTrue();
        assertThat(pool.calls).doesNotContain("admit c pw-c");
    }

    @Test
    void desktopsSayWhichAreWatchedAndSinceWhenTheOthersAreNot() {
        Recording pool = new Recording();
        PoolCommands c = new PoolCommands(pool, "xvnc", 5);
        c.execute(new HostMessage.Admit("1", "a", "A", "pw-a"));
        c.execute(new HostMessage.Admit("2", "b", "B", "pw-b"));
        pool.desktops.put("b", Optional.of(Instant.ofEpochMilli(1_700_000_000_000L)));

        assertThat(c.desktops()).containsExactlyInAnyOrder(new HostMessage.Desktop("a", true, 0),
                new HostMessage.Desktop("b", false, 1_700_000_000_000L));
    }

    @Test
    void aPoolThatCannotTakeTheBrokersCredentialIsOneLineWithoutThePassword() {
        // a pool written before pools took a broker's credential: DesktopPool.admit's default
        org.rounds.broker.api.DesktopPool old = new org.rounds.broker.api.DesktopPool() {
            @Override public org.rounds.broker.api.DesktopAddress handOver(String userId, String displayName) { throw new AssertionError(); }
            @Override public void disconnect(String userId) {}
            @Override public void logoff(String userId) {}
            @Override public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }
            @Override public void close() {}
        };
        HostMessage.Reply r = new PoolCommands(old, "embedded", 5).execute(new HostMessage.Admit("7", "nurse", "Nurse", "secret-pw-9"));

        assertThat(r).isEqualTo(new HostMessage.Reply("7", false,
                "the embedded desktop pool of this host cannot take a broker's credential: upgrade the desktop host"));
    }

    @Test
    void aPoolFailureIsItsOneLine() {
        Recording failing = new Recording() {
            @Override public DesktopAddress admit(String userId, String displayName, String password) {
                throw new IllegalStateException("Xvnc did not start within 10 s:\n display :12 in use");
            }
        };
        assertThat(new PoolCommands(failing, "xvnc", 5).execute(new HostMessage.Admit("8", "nurse", "Nurse", "pw")))
                .isEqualTo(new HostMessage.Reply("8", false, "Xvnc did not start within 10 s: display :12 in use"));
    }
}
