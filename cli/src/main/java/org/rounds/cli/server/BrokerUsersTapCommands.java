package org.rounds.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rounds broker users enrol-by-tap|unlock}: the help desk's commands that need a running broker. */
final class BrokerUsersTapCommands {
    private BrokerUsersTapCommands() {}

    @Command(name = "enrol-by-tap", mixinStandardHelpOptions = true,
            description = {"Arms the endpoint: the next badge tapped there within 2 minutes is bound to USER (nobody types the",
                    "badge number; it is never shown). With --wait, returns once it is bound (exit 0) or expired (exit 1)."})
    static final class EnrolByTap implements Callable<Integer> {
        /** How often --wait asks the broker. */
        static final Duration POLL = Duration.ofMillis(500);

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's id (made first with 'rounds broker enroll' or the console).")
        String user;

        @Option(names = "--endpoint", required = true, paramLabel = "ENDPOINT", description = "Where the badge will be tapped.")
        String endpoint;

        @Option(names = "--wait", description = "Wait until the badge is bound or the arming expires.")
        boolean await;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() throws InterruptedException {
            BrokerUsersCommand.checkedUser(user);
            AdminPrint.checkedName("ENDPOINT", endpoint);
            PrintWriter out = spec.commandLine().getOut();
            try (AdminApiClient admin = BrokerProfilesCommand.login(api)) {
                JsonNode s = admin.armTapEnrolment(user, endpoint);
                out.println("armed: the next badge tapped on " + endpoint + " before " + s.path("expiresAt").asText() + " is bound to " + user);
                out.flush();
                if (!await) return 0;
                Instant until = Instant.parse(s.path("expiresAt").asText()).plusSeconds(5);
                while (s.path("state").asText().equals("armed") && Instant.now().isBefore(until)) {
                    Thread.sleep(POLL.toMillis());
                    s = admin.tapEnrolment(user);
                }
                String state = s.path("state").asText();
                if (state.equals("bound")) {
                    out.println("badge bound to " + user + " at " + s.path("boundAt").asText());
                    out.flush();
                    return 0;
                }
                throw new IllegalStateException("no badge was tapped on " + endpoint + " in time (" + state + "); arm it again");
            }
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Clears the user's wrong PINs and passwords: from --source only (as the broker's audit names it), else from every source.")
    static final class Unlock implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's id.")
        String user;

        @Option(names = "--source", paramLabel = "SOURCE", description = "e.g. cert:cart-1 or addr:10.0.0.9.")
        String source;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() {
            BrokerUsersCommand.checkedUser(user);
            int n;
            try (AdminApiClient admin = BrokerProfilesCommand.login(api)) {
                n = admin.unlock(user, source);
            }
            spec.commandLine().getOut().println("unlocked " + user + ": " + n + " source(s) cleared");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
