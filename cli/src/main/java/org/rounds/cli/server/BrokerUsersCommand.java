package org.rounds.cli.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rounds broker users}: lists the users; {@code users totp USER} and {@code users outside
 * USER --allow|--refuse} set up signing in from outside the hospital, on the store itself (the
 * TOTP secret is sealed with the key beside the brokers' key file) or through a running broker's
 * admin API ({@code --broker ...}; totp needs role helpdesk, outside admin).
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Lists the broker's users, one per line: id, display name.",
        subcommands = {BrokerUsersCommand.TotpCommand.class, BrokerUsersCommand.Outside.class, BrokerUsersTapCommands.EnrolByTap.class,
                BrokerUsersTapCommands.Unlock.class})
final class BrokerUsersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions where = new TargetOptions();

    @picocli.CommandLine.Option(names = "--tenant", paramLabel = "PRACTICE",
            description = "List that practice's users (default: the default practice); on the store (--data or --db) only.")
    String tenant;

    @Override
    public Integer call() {
        if (tenant != null) {
            org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
            try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                admin.usersIn(practice).forEach(u -> spec.commandLine().getOut().println(u.id() + "\t" + u.displayName()));
            }
            return 0;
        }
        where.apply(AdminTarget::users).forEach(u -> spec.commandLine().getOut().println(u.id() + "\t" + u.displayName()));
        return 0;
    }

    static String checkedUser(String user) {
        return AdminPrint.checkedName("USER", user);
    }

    @Command(name = "totp", mixinStandardHelpOptions = true,
            description = {"Makes a new TOTP secret for the user's outside sign-ins (an earlier one stops working) and prints its",
                    "otpauth:// URI once, on stdout, for the user's phone app (e.g. as a QR code: ... | qrencode -t ansiutf8).",
                    "The store keeps the secret sealed; it is never logged."})
    static final class TotpCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's id, e.g. dr.martin.")
        String user;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() {
            checkedUser(user);
            String uri = where.apply(admin -> admin.enrolTotp(user));
            spec.commandLine().getOut().println(uri);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "outside", mixinStandardHelpOptions = true,
            description = {"Allows or refuses the user's sign-ins from outside the hospital (through a gateway, with password and",
                    "TOTP code). Refused until allowed; allowed, the user still needs a TOTP secret (rounds broker users totp USER)."})
    static final class Outside implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's id.")
        String user;

        static final class Choice {
            @Option(names = "--allow", required = true, description = "May sign in from outside.")
            boolean allow;

            @Option(names = "--refuse", required = true, description = "May not (the default).")
            boolean refuse;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        @Mixin
        TargetOptions where = new TargetOptions();

        @Override
        public Integer call() {
            checkedUser(user);
            where.run(admin -> admin.setOutside(user, choice.allow));
            spec.commandLine().getOut().println(choice.allow
                    ? "user " + user + " may sign in from outside the hospital, with password and TOTP code"
                    : "user " + user + " may not sign in from outside the hospital");
            return 0;
        }
    }
}
