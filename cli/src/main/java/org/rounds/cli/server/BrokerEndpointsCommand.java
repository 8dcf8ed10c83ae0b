package org.rounds.cli.server;

import java.util.concurrent.Callable;
import org.rounds.broker.Broker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rounds broker endpoints}: which endpoints may enrol, and revoking them. */
@Command(name = "endpoints", mixinStandardHelpOptions = true,
        description = "Endpoints that may enrol (rounds enrol) and get a client certificate from the broker CA.",
        subcommands = {BrokerEndpointsCommand.Add.class, BrokerEndpointsCommand.Revoke.class, BrokerEndpointsCommand.List.class})
final class BrokerEndpointsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static String checkedId(String id) {
        return AdminPrint.checkedName("ID", id);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds an endpoint (or gives it a new code) and prints its one-time enrolment code, valid 24 h:",
                    "  enrolment code: CODE", "Give the code to the endpoint's installer: rounds enrol --code CODE ... (the store keeps only its hash)."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The endpoint's id, e.g. cart-3west-07.")
        String id;

        @Option(names = "--kind", required = true, description = "cart, tablet, kiosk or workstation.")
        String kind;

        @Option(names = "--location", description = "Where it stands, e.g. 'Ward 3 West' (default: empty).")
        String location = "";

        @Option(names = "--site", paramLabel = "S", description = "Its site: its users' desktops go to hosts of this site first "
                + "(default: empty, any site).")
        String site = "";

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "The practice the endpoint belongs to (default: the "
                + "default practice); its code and certificate name it. On the store (--data or --db) only.")
        String tenant;

        @picocli.CommandLine.Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() {
            checkedId(id);
            if (!kind.matches("cart|tablet|kiosk|workstation")) throw new IllegalArgumentException("--kind must be cart, tablet, kiosk or workstation");
            if (location.length() > 200) throw new IllegalArgumentException("--location must be at most 200 characters");
            BrokerHostsCommand.checkedSite(site);
            if (tenant != null) {
                org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
                try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                    AdminPrint.enrolmentCode(spec, admin.addEndpointIn(practice, id, kind, location, site));
                }
                return 0;
            }
            String code = where.apply(target -> target.addEndpoint(id, kind, location, site));
            AdminPrint.enrolmentCode(spec, code);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes an endpoint and every certificate issued to it: every broker on the store refuses it within 1 s.")
    static final class Revoke extends RevokeCommand {
        @Parameters(paramLabel = "ID", description = "The endpoint's id.")
        String id;

        @Override String name() { return id; }

        @Override String checked(String id) { return checkedId(id); }

        @Override boolean revoke(AdminTarget target, String id) { return target.revokeEndpoint(id); }

        @Override String unknown(String id) { return "no endpoint " + id + " was added: 'rounds broker endpoints list' shows them"; }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the endpoints, one per line: id, kind, status (pending, enrolled, revoked), certificates issued, location.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        TargetOptions where = new TargetOptions();

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "That practice's endpoints (default: the default "
                + "practice's); on the store only. Through --broker: your admin account's practice.")
        String tenant;

        @Override
        public Integer call() {
            if (tenant != null) {
                org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
                try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                    admin.endpointsIn(practice).forEach(e -> spec.commandLine().getOut().println(
                            e.id() + "\t" + e.kind() + "\t" + e.status() + "\t" + e.certificates() + "\t" + e.location()));
                }
                return 0;
            }
            where.apply(AdminTarget::endpoints).forEach(e -> spec.commandLine().getOut().println(
                    e.id() + "\t" + e.kind() + "\t" + e.status() + "\t" + e.certificates() + "\t" + e.location()));
            return 0;
        }
    }
}
