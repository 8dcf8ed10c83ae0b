package org.rounds.cli.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import org.rounds.broker.store.Gateways;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rounds broker gateways add|list|revoke}: the remote-access gateways ({@code rounds
 * gateway}) that may enrol with the broker CA, on the store itself or through a running broker's
 * admin API ({@code --broker ...}), as {@code hosts}.
 */
@Command(name = "gateways", mixinStandardHelpOptions = true,
        description = "Remote-access gateways (rounds gateway) that enrol with the broker CA and forward outside sign-ins.",
        subcommands = {BrokerGatewaysCommand.Add.class, BrokerGatewaysCommand.List.class, BrokerGatewaysCommand.Revoke.class})
final class BrokerGatewaysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a gateway (or gives it a new code) and prints its one-time enrolment code, valid 24 h:",
                    "  enrolment code: CODE", "Give it to the gateway's first start (the store keeps only its hash)."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The gateway's name, e.g. gw-dmz-1 (its certificate names it).")
        String name;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() {
            BrokerHostsCommand.checkedName(name);
            String code = where.apply(admin -> admin.addGateway(name));
            AdminPrint.enrolmentCode(spec, code);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the gateways not revoked: name, status (pending until the code is used, then enrolled), "
                    + "certificates in force, when it was added.")
    static final class List implements Callable<Integer> {
        private static final String[] HEADER = {"NAME", "STATUS", "CERTIFICATES", "ADDED"};

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "An array of objects: name, status, certificates, createdAt (ISO-8601).")
        boolean json;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() throws JsonProcessingException {
            java.util.List<Gateways.Listed> gateways = where.apply(AdminTarget::gateways);
            AdminPrint.listing(spec, json, gateways, HEADER,
                    g -> new String[] {g.name(), g.status(), Integer.toString(g.certificates()), g.createdAt()});
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a gateway and every certificate issued to it: no broker answers it within 1 s.")
    static final class Revoke extends RevokeCommand {
        @Parameters(paramLabel = "NAME", description = "The gateway's name.")
        String name;

        @Override String name() { return name; }

        @Override String checked(String name) { return BrokerHostsCommand.checkedName(name); }

        @Override boolean revoke(AdminTarget target, String name) { return target.revokeGateway(name); }

        @Override String unknown(String name) { return Gateways.unknown(name); }
    }
}
