package org.rounds.cli.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rounds broker kiosk}: gives a kiosk endpoint its shared account. */
@Command(name = "kiosk", mixinStandardHelpOptions = true,
        description = "Makes a user (created when new, without a badge) the shared account a kiosk endpoint shows at start.")
final class BrokerKioskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    TargetOptions where = new TargetOptions();

    @Option(names = "--endpoint", required = true, description = "The kiosk's endpoint id, e.g. er-kiosk-1.")
    String endpoint;

    @Option(names = "--user", required = true, description = "The shared account's user id, e.g. er-reception.")
    String user;

    @Option(names = "--name", description = "Its display name (default: the user id).")
    String name;

    @Option(names = "--tenant", paramLabel = "PRACTICE", description = "The practice of the kiosk and its account "
            + "(default: the default practice); on the store (--data or --db) only.")
    String tenant;

    @Override
    public Integer call() {
        for (String[] f : new String[][] {{"--endpoint", endpoint}, {"--user", user}}) {
            if (!f[1].matches("[A-Za-z0-9._:-]{1,64}"))
                throw new IllegalArgumentException(f[0] + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
        }
        String display = name == null ? user : name;
        if (tenant != null) {
            org.rounds.broker.store.Tenant practice = BrokerTenantsCommand.onStore(tenant, where);
            try (org.rounds.broker.StoreAdmin admin = where.store.open()) {
                admin.assignKioskIn(practice, endpoint, user, display);
            }
            spec.commandLine().getOut().println("kiosk " + endpoint + " of practice " + practice + " shows " + user + " (" + display + ")");
            return 0;
        }
        where.run(target -> target.assignKiosk(endpoint, user, display));
        spec.commandLine().getOut().println("kiosk " + endpoint + " shows " + user + " (" + display + ")");
        return 0;
    }
}
