package org.rounds.cli.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import org.rounds.broker.store.Hosts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rounds broker hosts}: the desktop hosts that may enrol, their state, drain for upgrades, revocation. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Desktop hosts (rounds desktop-host) that enrol with the broker CA and serve the users' desktops.",
        subcommands = {BrokerHostsCommand.Add.class, BrokerHostsCommand.List.class, BrokerHostsCommand.Drain.class,
                BrokerHostsCommand.Undrain.class, BrokerHostsCommand.Revoke.class})
final class BrokerHostsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static String checkedName(String name) {
        return AdminPrint.checkedName("NAME", name);
    }

    static String checkedSite(String site) {
        if (!Hosts.isSite(site)) throw new IllegalArgumentException("--site must be at most 64 characters of A-Z a-z 0-9 . _ : -");
        return site;
    }

    private static String unknown(String name) {
        return Hosts.unknown(name);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a desktop host (or gives it a new code) and prints its one-time enrolment code, valid 24 h:",
                    "  enrolment code: CODE", "Give it to the host's first start: rounds desktop-host --enrol-code CODE ... "
                    + "(the store keeps only its hash)."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The host's name, e.g. dh-north-1 (its certificate names it).")
        String name;

        @Option(names = "--site", paramLabel = "S", description = "Its site: endpoints of that site get their desktops here first "
                + "(default: empty; the host's own --site replaces it).")
        String site = "";

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "The practice the host belongs to (default: the "
                + "default practice); its code names it. On the store (--data or --db) only.")
        String tenant;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() {
            checkedName(name);
            checkedSite(site);
            if (tenant != null) {
                org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
                try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                    AdminPrint.enrolmentCode(spec, admin.addHostIn(practice, name, site));
                }
                return 0;
            }
            String code = where.apply(target -> target.addHost(name, site));
            AdminPrint.enrolmentCode(spec, code);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the hosts not revoked: name, site, address, state (up, down, draining), sessions and capacity.",
                    "A host is down without a control channel to a broker or a heartbeat for 3.5 s (every host not enrolled yet is)."})
    static final class List implements Callable<Integer> {
        private static final String[] HEADER = {"NAME", "SITE", "ADDRESS", "STATE", "SESSIONS", "CAPACITY"};

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "An array of objects: name, site, address, state, sessions, capacity, provider, "
                + "lastHeartbeat (ISO-8601, null before the host first spoke).")
        boolean json;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "That practice's hosts (default: the default "
                + "practice's); on the store only. Through --broker: your admin account's practice.")
        String tenant;

        @Override
        public Integer call() throws JsonProcessingException {
            java.util.List<Hosts.Listed> hosts;
            if (tenant != null) {
                org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
                try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                    hosts = admin.hostsIn(practice);
                }
            } else {
                hosts = where.apply(AdminTarget::hosts);
            }
            AdminPrint.listing(spec, json, hosts, HEADER, List::row);
            return 0;
        }

        /** A dash for a site or an address not known yet. */
        private static String[] row(Hosts.Listed h) {
            return new String[] {h.name(), h.site().isEmpty() ? "-" : h.site(), h.address().isEmpty() ? "-" : h.address(), h.state(),
                    Integer.toString(h.sessions()), Integer.toString(h.capacity())};
        }
    }

    /** drain and undrain: the same command but for the flag and the line it prints. */
    abstract static class Placement implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The host's name.")
        String name;

        @Mixin
        TargetOptions where = new TargetOptions();

        abstract boolean drained();

        @Override
        public Integer call() {
            checkedName(name);
            boolean known = where.apply(target -> target.drainHost(name, drained()));
            if (!known) throw new IllegalArgumentException(unknown(name));
            spec.commandLine().getOut().println(drained() ? "host " + name + " draining: no new desktops go there; its desktops in use go on"
                    : "host " + name + " takes new desktops again");
            return 0;
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Stops new placements on a host (for an upgrade); the desktops in use there go on.")
    static final class Drain extends Placement {
        @Override boolean drained() { return true; }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Lets a drained host take new desktops again.")
    static final class Undrain extends Placement {
        @Override boolean drained() { return false; }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a host and every certificate issued to it: it is down at once, and no broker accepts its control channel within 1 s.")
    static final class Revoke extends RevokeCommand {
        @Parameters(paramLabel = "NAME", description = "The host's name.")
        String name;

        @Override String name() { return name; }

        @Override String checked(String name) { return checkedName(name); }

        @Override boolean revoke(AdminTarget target, String name) { return target.revokeHost(name); }

        @Override String unknown(String name) { return Hosts.unknown(name); }
    }
}
