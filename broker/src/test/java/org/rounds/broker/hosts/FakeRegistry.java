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
    final Map<String, List<HostMessage.Hello>> hellos = new ConcurrentHashMap<>();
    final Map<String, List<HostMessage.Heartbeat>> beats = new ConcurrentHashMap<>();

    @Override
    public Optional<String> enrolledHost(String certificateSerialHex) {
        return Optional.ofNullable(hostBySerial.get(certificateSerialHex));
    }

    @Override
    public void hello(String host, HostMessage.Hello hello, String brokerId, Instant now) {
        hellos.computeIfAbsent(host, h -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(hello);
        events.add("hello " + host);
    }

    @Override
    public void heartbeat(String host, HostMessage.Heartbeat beat, String brokerId, Instant now) {
        beats.computeIfAbsent(host, h -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(beat);
        events.add("heartbeat " + host);
    }

    @Override
    public void channelClosed(String host, String brokerId, Instant now) {
        events.add("closed " + host);
    }

    /** Users whose desktops have been placed on another host (see {@link HostRegistry#strays}). */
    final java.util.Set<String> placedElsewhere = ConcurrentHashMap.newKeySet();

    @Override
    public List<String> strays(String host, List<String> users, Instant now) {
        return users.stream().filter(placedElsewhere::contains).toList();
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

    List<HostMessage.Hello> hellos(String host) {
        return hellos.getOrDefault(host, List.of());
    }

    List<HostMessage.Heartbeat> beats(String host) {
        return beats.getOrDefault(host, List.of());
    }

    /** The events of one host, in order. */
    List<String> events(String host) {
        return events().stream().filter(e -> e.endsWith(" " + host)).toList();
    }

    long count(String event) {
        return events().stream().filter(event::equals).count();
    }
}
