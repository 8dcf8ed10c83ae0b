package org.rounds.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wire API with a default Jackson ObjectMapper, as the broker would write it: every
 * decision and event names its type and reads back equal, so the two sides cannot drift apart
 * silently.
 */
@Tag("unit")
class WireFormatTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyDecisionRoundTripsWithItsTypeName() throws Exception {
        List<TapDecision> decisions = List.of(
                new TapDecision.Connect("alice", "Dr Alice", new DesktopAddress("10.0.0.5", 5901, "otp"), 7),
                new TapDecision.Lock("alice", "tap-out"),
                new TapDecision.UnknownBadge(),
                new TapDecision.Denied("user alice is disabled"));
        List<String> names = List.of("connect", "lock", "unknown-badge", "denied");

        for (int i = 0; i < decisions.size(); i++) {
            String text = json.writerFor(TapDecision.class).writeValueAsString(decisions.get(i));
            assertThat(text).startsWith("{\"decision\":\"" + names.get(i) + "\"");
            assertThat(json.readValue(text, TapDecision.class)).isEqualTo(decisions.get(i));
        }
    }

    private static final String PIN = "abababababababababababababababababababababababababababababababab";

    @Test
    void hostMessagesCarryTheirTypeAndNeverThePasswordInText() throws Exception {
        List<HostMessage> messages = List.of(
                new HostMessage.Hello("xvnc", "10.231.7.5:5900", PIN, 20, "east", List.of(new HostMessage.Desktop("alice", true, 0))),
                new HostMessage.Welcome("0123456789abcdef", 1000),
                new HostMessage.Heartbeat(20, true, List.of()),
                new HostMessage.Admit("1", "alice", "Dr Alice", "secret-1"),
                new HostMessage.Disconnect("2", "alice"),
                new HostMessage.Logoff("3", "alice"),
                new HostMessage.Reply("1", false, "desktop host full: 20 of 20 sessions"));
        List<String> types = List.of("hello", "welcome", "heartbeat", "admit", "disconnect", "logoff", "reply");

        for (int i = 0; i < messages.size(); i++) {
            String text = json.writerFor(HostMessage.class).writeValueAsString(messages.get(i));
            assertThat(text).startsWith("{\"type\":\"" + types.get(i) + "\"");
            assertThat(json.readValue(text, HostMessage.class)).isEqualTo(messages.get(i));
        }
        assertThat(messages.get(3).toString()).doesNotContain("secret-1");
    }

    @Test
    void aPinIsSixtyFourLowerCaseHexDigits() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DesktopAddress("10.0.0.5", 5901, "otp", "AB:CD"))
                .hasMessage("pin is not 64 lower-case hex digits");
    }

    @Test
    void aConnectDecisionHasExactlyTheseFields() throws Exception {
        String text = json.writerFor(TapDecision.class).writeValueAsString(
                new TapDecision.Connect("alice", "Dr Alice", new DesktopAddress("10.0.0.5", 5901, "otp", PIN), 7, "tok"));

        assertThat(text).isEqualTo("{\"decision\":\"connect\",\"userId\":\"alice\",\"displayName\":\"Dr Alice\","
                + "\"desktop\":{\"host\":\"10.0.0.5\",\"port\":5901,\"password\":\"otp\",\"pin\":\"" + PIN + "\"},\"generation\":7,"
                + "\"reconnectToken\":\"tok\"}");
    }

    @Test
    void aConnectFromABrokerWithoutReconnectsReadsWithAnEmptyToken() throws Exception {
        TapDecision d = json.readValue("{\"decision\":\"connect\",\"userId\":\"alice\",\"displayName\":\"A\","
                + "\"desktop\":{\"host\":\"h\",\"port\":1,\"password\":\"p\"},\"generation\":2}", TapDecision.class);
        assertThat(d).isEqualTo(new TapDecision.Connect("alice", "A", new DesktopAddress("h", 1, "p"), 2, ""));
    }

    @Test
    void sessionMovedAndItsAckRoundTrip() throws Exception {
        PushEvent moved = new PushEvent.SessionMoved("ev-1", "alice", "cart-2", 8);
        String text = json.writerFor(PushEvent.class).writeValueAsString(moved);

        assertThat(text).isEqualTo("{\"event\":\"session-moved\",\"eventId\":\"ev-1\",\"userId\":\"alice\","
                + "\"toEndpoint\":\"cart-2\",\"generation\":8}");
        assertThat(json.readValue(text, PushEvent.class)).isEqualTo(moved);
        assertThat(json.writeValueAsString(new PushAck("ev-1"))).isEqualTo("{\"eventId\":\"ev-1\"}");
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(new TapRequest("cart-1", "0451A2B3C4", "t-1").toString()).doesNotContain("0451A2B3C4");
        assertThat(new DesktopAddress("10.0.0.5", 5901, "otp-secret").toString()).doesNotContain("otp-secret");
    }
}
