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
        subcommands = {BrokerTenantsCommand.Add.class, BrokerTenantsCommand.ListTenants.class})
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
}
