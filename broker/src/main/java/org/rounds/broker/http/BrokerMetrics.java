package org.rounds.broker.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.takeover.DecisionPhases;

/**
 * The broker's Prometheus metrics at {@code /metrics} (Micrometer): decisions by route and
 * kind ({@code rounds_decisions_total}), their latency ({@code rounds_decision_seconds}, a
 * histogram) and where it went ({@code rounds_decision_phase_seconds} by phase: its sum over
 * count is a phase's mean, its max the slowest lately), the endpoints holding a push channel ({@code rounds_push_channels}), whether the
 * database answers ({@code rounds_database_up}), taps answered {@code unknown-badge}
 * ({@code rounds_unknown_badges_total}), requests refused with 429, by route and the limit
 * met ({@code rounds_throttled_total}), and decision requests shed with 503 when the broker was
 * over capacity, by route ({@code rounds_shed_total}). Never labelled by source: a flood of sources would be a
 * flood of series.
 */
final class BrokerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DecisionPhases.Phase, Timer> phaseTimers = new ConcurrentHashMap<>();

    BrokerMetrics(IntSupplier pushChannels, BooleanSupplier databaseUp) {
        Gauge.builder("rounds_push_channels", pushChannels::getAsInt)
                .description("endpoints holding a push channel on this broker").register(registry);
        Gauge.builder("rounds_database_up", () -> databaseUp.getAsBoolean() ? 1 : 0)
                .description("1 when the database answers").register(registry);
    }

    /** One decision made on {@code route} in {@code nanos}, its time by {@code phases}. */
    void decided(String route, TapDecision decision, long nanos, DecisionPhases.Record phases) {
        counted(route, decision, nanos);
        for (DecisionPhases.Phase p : DecisionPhases.Phase.values()) {
            phaseTimers.computeIfAbsent(p, q -> Timer.builder("rounds_decision_phase_seconds")
                    .description("time decisions spent in each phase: admission, user-lock, claim-wait, blank, desktop, turn, work")
                    .tag("phase", q.label()).register(registry)).record(phases.nanos(p), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void counted(String route, TapDecision decision, long nanos) {
        String kind = decision.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        counters.computeIfAbsent(route + "|" + kind, k -> Counter.builder("rounds_decisions")
                .description("decisions answered, by route and kind").tag("route", route).tag("decision", kind)
                .register(registry)).increment();
        timers.computeIfAbsent(route, r -> Timer.builder("rounds_decision_seconds").description("time to answer a decision")
                .tag("route", r).publishPercentileHistogram().register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A tap answered {@code unknown-badge}. */
    void unknownBadge() {
        counters.computeIfAbsent("unknown-badges", k -> Counter.builder("rounds_unknown_badges")
                .description("taps answered unknown-badge").register(registry)).increment();
    }

    /** A request on {@code route} refused with 429 because its source met {@code limit}. */
    void throttled(String route, String limit) {
        counters.computeIfAbsent("throttled|" + route + "|" + limit, k -> Counter.builder("rounds_throttled")
                .description("requests refused with 429, by route and the limit their source met")
                .tag("route", route).tag("limit", limit).register(registry)).increment();
    }

    /** A decision request on {@code route} shed with 503: the broker's decision queue stood above its target. */
    void shed(String route) {
        counters.computeIfAbsent("shed|" + route, k -> Counter.builder("rounds_shed")
                .description("decision requests answered 503 at once because they would have waited too long for the database")
                .tag("route", route).register(registry)).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
