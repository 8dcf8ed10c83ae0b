package org.rounds.cli.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;

/**
 * One enrolled cart of the hosts bench, in this process: the real endpoint ({@link Endpoint}:
 * roaming state machine, push channel, RFB display connecting only with VeNCrypt X509 to the
 * pinned host) with a simulated reader, and a record of its transitions, timed as they happen.
 */
final class BenchEndpoint implements AutoCloseable {
    /** A tap as the user saw it: when it was made, when it was done (painted, or locked), and why it failed. */
    record Tap(RoamingState wanted, long startNanos, long doneNanos, String error) {
        boolean failed() { return error != null; }
        long nanos() { return doneNanos - startNanos; }
    }

    /** A transition or an ignored tap, with the nano time it was heard. */
    private record Heard(long nanos, RoamingState to, Reason reason, boolean ignored) {}

    private final Endpoint parts;
    private final SimulatedReader reader;
    private final List<Heard> heard = new CopyOnWriteArrayList<>();

    private BenchEndpoint(Endpoint parts, SimulatedReader reader) {
        this.parts = parts;
        this.reader = reader;
        parts.roaming().addListener(new StateListener() {
            @Override public void transitioned(Transition t) {
                heard.add(new Heard(System.nanoTime(), t.to(), t.reason(), false));
            }

            @Override public void tapIgnored(Reason reason, Instant at) {
                heard.add(new Heard(System.nanoTime(), null, reason, true));
            }
        });
    }

    /** Enrols {@code id} with its one-time {@code code} (key and certificate under {@code dir}) and starts it on {@code brokers}, in that order of preference. */
    static BenchEndpoint enrol(String id, String code, List<String> brokers, Path ca, Path dir) throws Exception {
        try (BrokerClient plain = BrokerClient.builder().brokers(brokers).caFile(ca).build()) {
            Enrolment.enrol(plain, code, dir);
        }
        BrokerClient client = BrokerClient.builder().brokers(brokers).caFile(ca)
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
        // no debounce: the bench taps one badge again within a second, as no reader would let a person do
        Endpoint parts = Endpoint.start(new EndpointProfile(id, EndpointProfile.Kind.CART, "Bench ward"), client, Duration.ZERO,
                Clock.systemUTC());
        try {
            SimulatedReader reader = parts.own(new SimulatedReader(id, parts.clock()));
            reader.start(parts.taps());
            return new BenchEndpoint(parts, reader);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    String id() { return parts.id(); }

    RoamingState state() { return parts.roaming().state(); }

    Optional<String> user() { return parts.roaming().currentUserId(); }

    /**
     * Taps {@code badge} and waits, at most {@code limit}, for {@code wanted}: IN_SESSION with a
     * frame painted after the tap (done when painted), or LOCKED. A lock while a desktop is
     * wanted, an ignored tap, or the time running out is a failed tap, with its one line.
     */
    Tap tap(String badge, RoamingState wanted, Duration limit) throws InterruptedException {
        int from = heard.size();
        long t0 = System.nanoTime(), end = t0 + limit.toNanos();
        reader.tap(badge);
        reader.remove();
        while (true) {
            // heard, not only the state: the listener hears a transition just after the state changes,
            // and a transition of this tap heard late would count against the next one
            Optional<Long> reached = lastHeard(from, wanted);
            if (reached.isPresent() && state() == wanted) {
                if (wanted != RoamingState.IN_SESSION) return new Tap(wanted, t0, reached.get(), null);
                long painted = parts.display().paintedAtNanos();
                if (painted > t0) return new Tap(wanted, t0, painted, null);
            }
            List<Heard> now = List.copyOf(heard);
            for (Heard h : now.subList(from, now.size())) {
                if (h.ignored()) return new Tap(wanted, t0, h.nanos(), h.reason().toString());
                if (wanted == RoamingState.IN_SESSION && h.to() == RoamingState.LOCKED) return new Tap(wanted, t0, h.nanos(), h.reason().toString());
            }
            if (System.nanoTime() > end)
                return new Tap(wanted, t0, System.nanoTime(), "no " + wanted + " within " + limit.toMillis() + " ms (" + state() + ")");
            Thread.sleep(2);
        }
    }

    private Optional<Long> lastHeard(int from, RoamingState to) {
        List<Heard> now = List.copyOf(heard);
        return now.subList(from, now.size()).stream().filter(h -> h.to() == to).map(Heard::nanos).reduce((a, b) -> b);
    }

    /** When this endpoint first left IN_SESSION or had its screen cleared at or after {@code sinceNanos}; empty when it did neither. */
    Optional<Long> lostPictureSince(long sinceNanos) {
        Optional<Long> left = heard.stream().filter(h -> h.nanos() >= sinceNanos && !h.ignored() && h.to() != RoamingState.IN_SESSION)
                .map(Heard::nanos).findFirst();
        if (left.isPresent()) return left;
        long cleared = parts.display().clearedAtNanos();
        return cleared >= sinceNanos ? Optional.of(cleared) : Optional.empty();
    }

    /** The reason of the first lock at or after {@code sinceNanos}, waited for at most {@code limit}. */
    Optional<Reason> awaitLock(long sinceNanos, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Optional<Reason> r = heard.stream().filter(h -> h.nanos() >= sinceNanos && h.to() == RoamingState.LOCKED)
                    .map(Heard::reason).findFirst();
            if (r.isPresent()) return r;
            Thread.sleep(5);
        }
        return Optional.empty();
    }

    /**
     * Whether the desktop shown still answers: a click on a ward row of the embedded clinical
     * desktop (the first two rows, in turn, as one may be selected already) changes the picture
     * within {@code limit}. A frozen picture, a desktop gone, or none shown is false.
     */
    boolean desktopAnswers(Duration limit) throws InterruptedException {
        for (int row = 0; row < 2; row++) {
            Optional<org.rounds.display.Framebuffer> fb = parts.display().framebuffer();
            if (fb.isEmpty()) return false;
            int[] before;
            synchronized (fb.get()) {
                before = fb.get().copyPixels();
            }
            int y = FIRST_ROW_Y + row * ROW_H;
            parts.display().sendPointer(100, y, 1);
            parts.display().sendPointer(100, y, 0);
            long end = System.nanoTime() + limit.toNanos() / 2;
            while (System.nanoTime() < end) {
                int[] now;
                synchronized (fb.get()) {
                    now = fb.get().copyPixels();
                }
                if (!java.util.Arrays.equals(before, now)) return true;
                Thread.sleep(10);
            }
        }
        return false;
    }

    /** The middle of the embedded desktop's first ward row, and the rows' height (ClinicalDesktop's layout). */
    private static final int FIRST_ROW_Y = 44 + 42 + 20, ROW_H = 66;

    @Override
    public void close() {
        parts.close();
    }
}
