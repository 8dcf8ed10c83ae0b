package org.rounds.cli.server;

import java.util.concurrent.Callable;
import org.rounds.broker.StoreAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rounds broker tenants add|list}: the practices one Rounds service serves, each seeing only its own (issue 23). */
@Command(name = "tenants", mixinStandardHelpOptions = true,
        description = "Practices (tenants): each has its own users, badges, endpoints, hosts, profiles, audit and admins. "
                + "The hospital itself is the practice named 'default', which every store made before practices became.",
        subcommands = {BrokerTenantsCommand.Add.class, BrokerTenantsCommand.ListTenants.class, BrokerTenantsCommand.UsageCommand.class,
                BrokerTenantLimitsCommand.class})
final class BrokerTenantsCommand {

    /**
     * The practice a store tool's {@code --tenant} names. Through a broker's admin API an admin
     * acts in the practice of its own account, never in one a command line names.
     */
    static org.rounds.broker.store.Tenant onStore(String name, TargetOptions where) {
        if (where.api.remote())
            throw new IllegalArgumentException("--tenant works on the store (--data or --db); through --broker you act in your admin account's practice");
        return new org.rounds.broker.store.Tenant(name);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a practice directly in the store.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "1 to 63 lower-case letters, digits or hyphens, e.g. riverside-pediatrics.")
        String name;

        @Override
        public Integer call() {
            try (StoreAdmin admin = store.open()) {
                admin.addTenant(name);
            }
            spec.commandLine().getOut().println("practice " + name + " added");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the practices, one per line: name, created.")
    static final class ListTenants implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            try (StoreAdmin admin = store.open()) {
                admin.tenants().forEach(t -> spec.commandLine().getOut().println(t.tenant() + "\t" + t.createdAt()));
            }
            return 0;
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = {"Each practice's sessions started and session hours per "
            + "UTC day, for billing, read from the store's audit trail (the service's own view, across practices).",
            "A session runs from a connect to the user's next tap-out, idle lock, logoff or end by an admin (one still open: until now); "
            + "one spanning midnight is split across the days."})
    static final class UsageCommand implements Callable<Integer> {
        private static final String[] HEADER = {"PRACTICE", "DAY", "SESSIONS", "HOURS"};

        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();

        @picocli.CommandLine.Option(names = "--days", paramLabel = "N", description = "The last N UTC days, today included (1-366, default 7).")
        int days = 7;

        @picocli.CommandLine.Option(names = "--json", description = "An array of objects: tenant, day (YYYY-MM-DD, UTC), sessionsStarted, "
                + "sessionHours (to the hundredth), sessionSeconds.")
        boolean json;

        @Override
        public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
            if (days < 1 || days > org.rounds.broker.store.Usage.MAX_DAYS)
                throw new IllegalArgumentException("--days must be 1 to " + org.rounds.broker.store.Usage.MAX_DAYS);
            java.util.List<org.rounds.broker.store.Usage.Day> usage;
            try (StoreAdmin admin = store.open()) {
                usage = admin.usage(days);
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (json) {
                java.util.List<java.util.Map<String, Object>> rows = usage.stream().map(org.rounds.broker.store.Usage.Day::asJson).toList();
                out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                return 0;
            }
            out.println(String.join("\t", HEADER));
            for (org.rounds.broker.store.Usage.Day u : usage) {
                out.println(u.tenant() + "\t" + u.day() + "\t" + u.sessionsStarted() + "\t" + String.format(java.util.Locale.ROOT, "%.2f", u.sessionHours()));
            }
            return 0;
        }
    }
}
