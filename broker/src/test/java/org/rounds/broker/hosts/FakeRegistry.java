package org.rounds.broker.hosts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rounds.broker.api.HostMessage;

/** A HostRegistry in memory: the certificates it knows, and every hello, heartbeat and close it heard, in order. */
final class FakeRegistry implements HostRegistry {
    final Map<String, String> hostBySerial = new ConcurrentHashMap<>();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<HostMessage.Hello> hellos = Collections.synchronizedList(new ArrayList<>());
    final List<HostMessage.Heartbeat> beats = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<String> enrolledHost(String certificateSerialHex) {
        return Optional.ofNullable(hostBySerial.get(certificateSerialHex));
    }

    @Override
    public void hello(String host, HostMessage.Hello hello, String brokerId, Instant now) {
        hellos.add(hello);
        events.add("hello " + host);
    }

    @Override
    public void heartbeat(String host, HostMessage.Heartbeat beat, String brokerId, Instant now) {
        beats.add(beat);
        events.add("heartbeat " + host);
    }

    @Override
    public void channelClosed(String host, String brokerId, Instant now) {
        events.add("closed " + host);
    }

    @Override
    public List<HostState> hosts(Instant now) {
        return List.of();
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    long count(String event) {
        return events().stream().filter(event::equals).count();
    }
}
