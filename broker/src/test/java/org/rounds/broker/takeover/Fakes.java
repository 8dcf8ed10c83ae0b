package org.rounds.broker.takeover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.PushEvent;

/** A desktop pool and a push channel that record what the broker asked of them, in one shared order. */
public final class Fakes {
    private Fakes() {}

    /** Calls as "handOver nurse", "disconnect nurse", "push cart-1", in the order they happened. */
    public static final class Journal {
        private final List<String> entries = Collections.synchronizedList(new ArrayList<>());

        void add(String s) { entries.add(s); }

        public List<String> entries() {
            synchronized (entries) {
                return List.copyOf(entries);
            }
        }
    }

    public static final class Pool implements DesktopPool {
        private final Journal journal;
        private final AtomicInteger issued = new AtomicInteger();

        public Pool(Journal journal) { this.journal = journal; }

        /** When set, the next handOver fails as a desktop host that cannot start would. */
        volatile boolean failNext;

        @Override
        public DesktopAddress handOver(String userId, String displayName) {
            journal.add("handOver " + userId);
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("no desktop host answers");
            }
            return new DesktopAddress("127.0.0.1", 5901, "pw" + issued.incrementAndGet());
        }

        @Override
        public void disconnect(String userId) { journal.add("disconnect " + userId); }

        @Override
        public void logoff(String userId) { journal.add("logoff " + userId); }

        @Override
        public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }

        @Override
        public void close() {}
    }

    public static final class Push implements PushSender {
        private final Journal journal;
        private final List<PushEvent> events = Collections.synchronizedList(new ArrayList<>());
        volatile boolean ack = true;

        public Push(Journal journal) { this.journal = journal; }

        @Override
        public boolean pushAndAwaitAck(String endpointId, PushEvent event, Duration wait) {
            journal.add("push " + endpointId);
            events.add(event);
            return ack;
        }

        /** A practice's endpoint is journaled as "push PRACTICE/ID" (the default practice's as before). */
        @Override
        public boolean pushAndAwaitAck(org.rounds.broker.store.Tenant tenant, String endpointId, PushEvent event, Duration wait) {
            if (tenant.isDefault()) return pushAndAwaitAck(endpointId, event, wait);
            journal.add("push " + tenant + "/" + endpointId);
            events.add(event);
            return ack;
        }

        public List<PushEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }
}
