package org.rounds.roaming.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;

/** Fakes of the endpoint's ports that write every call into one shared, ordered log. */
final class Fakes {
    private Fakes() {}

    /** Everything the ports saw, in order: "clear", "connect host:port", "close host:port", "ack id", "LOCKED user reason"... */
    static final class CallLog {
        final List<String> calls = new CopyOnWriteArrayList<>();

        synchronized void add(String call) {
            calls.add(call);
            notifyAll();
        }

        /** Waits until {@code call} is logged (up to 10 s); fails naming the calls so far. */
        void await(String call) throws InterruptedException {
            await("'" + call + "'", call::equals);
        }

        /** Waits until a call that {@code matches} is logged (up to 10 s); fails naming the calls so far. */
        synchronized void await(String what, java.util.function.Predicate<String> matches) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (calls.stream().noneMatch(matches)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no call " + what + " within 10 s; calls: " + calls);
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * Returns once the endpoint has handled every input queued before this call, so a test can
     * check that an input changed nothing without sleeping: inputs run one at a time in arrival
     * order, and a session-moved push for a user nobody is shown changes nothing but its ack.
     */
    static void handled(RoamingEndpoint endpoint) throws InterruptedException {
        CallLog acks = new CallLog();
        endpoint.onPush(new org.rounds.broker.api.PushEvent.SessionMoved("handled", "nobody-shown", "elsewhere", 1),
                new FakePushChannel(acks));
        acks.await("ack handled");
    }

    /** Answers taps from a script; each entry is a TapDecision, a BrokerException or a RuntimeException. */
    static final class ScriptedBroker implements BrokerCalls {
        private final Deque<Object> answers = new ArrayDeque<>();
        final List<TapRequest> requests = new CopyOnWriteArrayList<>();
        private final CallLog log;

        ScriptedBroker(CallLog log) {
            this.log = log;
        }

        synchronized ScriptedBroker then(Object answer) {
            answers.add(answer);
            return this;
        }

        private final Deque<Object> reconnectAnswers = new ArrayDeque<>();
        final List<org.rounds.broker.api.ReconnectRequest> reconnects = new CopyOnWriteArrayList<>();

        /** Scripts the next reconnect answer: a TapDecision or a BrokerException. */
        synchronized ScriptedBroker thenReconnect(Object answer) {
            reconnectAnswers.add(answer);
            return this;
        }

        @Override
        public synchronized TapDecision reconnect(org.rounds.broker.api.ReconnectRequest request) throws BrokerException {
            reconnects.add(request);
            log.add("reconnect " + request.userId() + " gen " + request.generation());
            Object answer = reconnectAnswers.poll();
            if (answer == null) throw new AssertionError("unexpected reconnect");
            if (answer instanceof BrokerException e) throw e;
            return (TapDecision) answer;
        }

        /** PIN entries and password logins take their answers from the same script as taps. */
        @Override
        public synchronized TapDecision enterPin(org.rounds.broker.api.PinEntry entry) throws BrokerException {
            log.add("pin " + entry.pinToken());   // the PIN itself is never written anywhere
            return next("PIN entry");
        }

        @Override
        public synchronized TapDecision passwordLogin(org.rounds.broker.api.PasswordLogin login) throws BrokerException {
            log.add("login " + login.userId());
            return next("password login");
        }

        private TapDecision next(String what) throws BrokerException {
            Object answer = answers.poll();
            if (answer == null) throw new AssertionError("unexpected " + what);
            if (answer instanceof BrokerException e) throw e;
            return (TapDecision) answer;
        }

        @Override
        public synchronized TapDecision logoff(org.rounds.broker.api.LogoffRequest request) {
            log.add("logoff " + request.userId() + " gen " + request.generation());
            return new TapDecision.Lock(request.userId(), "logged off");
        }

        /** Kiosk sessions take their answers from the same script as taps. */
        @Override
        public synchronized TapDecision kioskSession(org.rounds.broker.api.KioskRequest request) throws BrokerException {
            log.add("kiosk " + request.endpointId());
            Object answer = answers.poll();
            if (answer == null) throw new AssertionError("unexpected kiosk session request");
            if (answer instanceof BrokerException e) throw e;
            return (TapDecision) answer;
        }

        @Override
        public synchronized TapDecision tap(TapRequest request) throws BrokerException {
            requests.add(request);
            log.add("tap " + request.tapId());
            Object answer = answers.poll();
            if (answer == null) throw new AssertionError("unexpected tap " + request.tapId());
            if (answer instanceof BrokerException e) throw e;
            if (answer instanceof RuntimeException e) throw e;
            return (TapDecision) answer;
        }
    }

    static final class FakeDisplay implements DesktopDisplay {
        private final CallLog log;
        final List<DisplaySession.Listener> listeners = new CopyOnWriteArrayList<>();
        final List<String> failing = new ArrayList<>(); // "host:port" that throw IOException

        FakeDisplay(CallLog log) {
            this.log = log;
        }

        @Override
        public DisplaySession connect(DesktopAddress address, DisplaySession.Listener listener) throws IOException {
            String where = address.host() + ":" + address.port();
            log.add("connect " + where);
            if (failing.contains(where)) throw new IOException("Connection refused");
            listeners.add(listener);
            return () -> log.add("close " + where);
        }

        DisplaySession.Listener lastListener() {
            return listeners.get(listeners.size() - 1);
        }
    }

    static final class FakeScreen implements Screen {
        private final CallLog log;

        FakeScreen(CallLog log) {
            this.log = log;
        }

        @Override
        public void clear() {
            log.add("clear");
        }
    }

    static final class FakePushChannel implements PushChannel {
        private final CallLog log;
        volatile boolean connected = true;

        FakePushChannel(CallLog log) {
            this.log = log;
        }

        @Override
        public boolean ack(PushAck ack) {
            if (!connected) return false;
            log.add("ack " + ack.eventId());
            return true;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void close() {
            connected = false;
        }
    }

    static TapDecision.Connect connect(String user, String host, int port, long generation) {
        return new TapDecision.Connect(user, "Dr " + user, new DesktopAddress(host, port, "one-time-" + user), generation);
    }

    /** The next transition an endpoint reported, waiting up to 10 s; fails naming the calls so far. */
    static Transition next(java.util.concurrent.BlockingQueue<Transition> transitions, CallLog calls) throws InterruptedException {
        Transition t = transitions.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        org.assertj.core.api.Assertions.assertThat(t).as("a transition within 10 s; calls so far: %s", calls.calls).isNotNull();
        return t;
    }
}
