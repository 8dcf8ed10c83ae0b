package org.rounds.cli.server;

import java.util.concurrent.Callable;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.store.PracticeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rounds broker tenants limits NAME [--sessions N] [--taps-per-s N]}: shows or sets what
 * one practice may use of the service, so that it cannot starve the others (issue 23).
 */
@Command(name = "limits", mixinStandardHelpOptions = true, description = {
        "Shows a practice's limits, or sets them; the brokers apply a change within seconds, without a restart.",
        "Over its taps a second on a broker, or at its desktops shown at once, a practice's taps are answered 429 with "
                + "Retry-After and one line naming the limit; other practices are not held. 0 is no limit. A practice "
                + "never set has 2000 sessions and 50 taps a second; the default practice has none."})
final class BrokerTenantLimitsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The practice, e.g. riverside-pediatrics.")
    String name;

    @Option(names = "--sessions", paramLabel = "N", description = "Desktops the practice may show at once, across the brokers (0: no limit).")
    Integer sessions;

    @Option(names = "--taps-per-s", paramLabel = "N", description = "Decisions a second each broker takes from the practice's endpoints (0: no limit).")
    Double tapsPerSecond;

    @Override
    public Integer call() {
        if (sessions != null && sessions < 0) throw new IllegalArgumentException("--sessions must be 0 (no limit) or more, not " + sessions);
        if (tapsPerSecond != null && !(tapsPerSecond >= 0 && tapsPerSecond <= 100_000))
            throw new IllegalArgumentException("--taps-per-s must be 0 (no limit) to 100000, not " + tapsPerSecond);
        try (StoreAdmin admin = store.open()) {
            PracticeLimits limits = admin.tenantLimits(name);
            if (sessions != null || tapsPerSecond != null) {
                limits = new PracticeLimits(sessions == null ? limits.maxSessions() : sessions,
                        tapsPerSecond == null ? limits.tapsPerSecond() : tapsPerSecond);
                admin.setTenantLimits(name, limits);
            }
            spec.commandLine().getOut().println("practice " + name + ": "
                    + (limits.limitsSessions() ? limits.maxSessions() + " desktops at once" : "no limit on desktops") + ", "
                    + (limits.limitsTaps() ? number(limits.tapsPerSecond()) + " taps a second per broker" : "no limit on taps"));
        }
        return 0;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
