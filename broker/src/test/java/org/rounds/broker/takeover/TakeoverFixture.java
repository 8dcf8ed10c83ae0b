package org.rounds.broker.takeover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;

/**
 * Brokers sharing one database for tests of the takeover: two users, four carts, endpoints that
 * acknowledge at once or when told, and a tap run on another thread. {@link #openDatabase} picks
 * the store.
 */
abstract class TakeoverFixture {
    static final String NURSE = "0412345678";
    static final String DOCTOR = "0498765432";

    Database db;
    BadgeKey key;
    MovableClock clock;
    Fakes.Journal journal;
    Fakes.Pool pool;
    /** Pushes as the endpoints hear them, whichever broker sends: the session-moved each endpoint was told. */
    final List<PushEvent.SessionMoved> heard = Collections.synchronizedList(new ArrayList<>());
    final List<String> heardBy = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    abstract Database openDatabase();

    @BeforeEach
    void setUp() throws SQLException {
        db = openDatabase();
        key = BadgeKey.ephemeral();
        clock = new MovableClock(java.time.Instant.now());
        journal = new Fakes.Journal();
        pool = new Fakes.Pool(journal);
        Directory directory = new Directory(db);
        directory.enroll("nurse", "Nurse Amina Diallo", key.hmac(NURSE), clock.instant());
        directory.enroll("doctor", "Dr Jonas Berg", key.hmac(DOCTOR), clock.instant());
        for (String cart : List.of("cart-1", "cart-2", "cart-3", "cart-4")) directory.registerEndpoint(cart, "cart", "Ward 4", clock.instant());
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (db != null) db.close();
    }

    /** A broker of id {@code id} on the shared database, pushing through {@code push}; every other broker is alive. */
    TapService broker(String id, PushSender push) {
        return broker(id, push, java.util.Set.of());
    }

    /** As {@link #broker(String, PushSender)}, to which the brokers {@code gone} are gone (their leases expired). */
    TapService broker(String id, PushSender push, java.util.Set<String> gone) {
        return new TapService(db, key, pool, push, clock, new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                AuthPolicy.DEFAULT, new Cluster() {
                    @Override public String brokerId() { return id; }
                    @Override public boolean isOther(String b) { return !b.equals(id); }
                    @Override public boolean push(String b, String e, PushEvent ev, Duration w) { return false; }
                    @Override public boolean closeViewers(String b, String u, boolean l, Duration w) { return true; }
                    @Override public boolean alive(String b) { return !gone.contains(b); }
                });
    }

    /** Endpoints that hear and acknowledge at once. */
    PushSender acking() {
        return (endpoint, event, wait) -> {
            heard.add((PushEvent.SessionMoved) event);
            heardBy.add(endpoint);
            journal.add("push " + endpoint);
            return true;
        };
    }

    /** An old endpoint that acknowledges only once {@code ack} is counted down; {@code pushed} when it has the event. */
    PushSender slowAcker(CountDownLatch pushed, CountDownLatch ack, List<Integer> activeWhilePushed) {
        return (endpoint, event, wait) -> {
            activeWhilePushed.add(((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getHikariPoolMXBean().getActiveConnections());
            pushed.countDown();
            try {
                ack.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return acking().pushAndAwaitAck(endpoint, event, wait);
        };
    }

    CompletableFuture<TapDecision> tapAsync(TapService broker, String endpoint, String badge, String tapId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return broker.tap(new TapRequest(endpoint, badge, tapId));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    Map<String, String> session(String user) throws SQLException {
        return Rows.all(db, "desktop_sessions").stream().filter(r -> r.get("user_id").equals(user)).findFirst().orElseThrow();
    }
}
