package org.rounds.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rounds broker profiles list|show|set|assign}: endpoint profiles managed from the centre,
 * through a running broker's admin API only, since the broker pushes each change to the
 * endpoints it concerns (list and show: any role; set and assign: admin).
 */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = {"Endpoint profiles (idle lock, tap policy, clipboard, language, brokers, kiosk account), versioned and pushed",
                "live to the endpoints. Endpoints assigned none have the profile named 'default', when it exists."},
        subcommands = {BrokerProfilesCommand.ListProfiles.class, BrokerProfilesCommand.Show.class, BrokerProfilesCommand.Set.class,
                BrokerProfilesCommand.Assign.class})
final class BrokerProfilesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Logs in to the broker (never the store: a change must be pushed by a running broker). */
    static AdminApiClient login(AdminApiOptions api) {
        if (!api.remote()) {
            throw new IllegalArgumentException("profiles are changed through a running broker, which pushes them to the endpoints: "
                    + "give --broker URL --admin NAME --admin-password-file FILE");
        }
        return api.login(Clock.systemUTC());
    }

    static String[] row(JsonNode p) {
        return new String[] {p.path("name").asText(), p.path("version").asText(), p.path("idleLockMinutes").asText() + " min",
                p.path("sameUserTap").asText(), p.path("tapOver").asText(), p.path("clipboard").asText(), p.path("language").asText(),
                p.path("changedBy").asText(), p.path("changedAt").asText()};
    }

    static final String[] HEADER = {"NAME", "VERSION", "IDLE-LOCK", "SAME-USER-TAP", "TAP-OVER", "CLIPBOARD", "LANGUAGE", "CHANGED-BY",
            "CHANGED-AT"};

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every profile at its newest version, and how many endpoints it is assigned to.")
    static final class ListProfiles implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the broker's JSON.")
        boolean json;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AdminApiClient admin = login(api)) {
                JsonNode all = admin.profiles();
                if (json) {
                    out.println(all);
                } else {
                    List<String[]> rows = new ArrayList<>();
                    for (JsonNode p : all) {
                        String[] r = row(p);
                        String[] withCount = java.util.Arrays.copyOf(r, r.length + 1);
                        withCount[r.length] = p.path("endpoints").asText();
                        rows.add(withCount);
                    }
                    String[] header = java.util.Arrays.copyOf(HEADER, HEADER.length + 1);
                    header[HEADER.length] = "ENDPOINTS";
                    AdminPrint.table(out, header, rows);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A profile: its settings, the endpoints it applies to, and every version.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Option(names = "--json", description = "Print the broker's JSON.")
        boolean json;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() {
            AdminPrint.checkedName("NAME", name);
            PrintWriter out = spec.commandLine().getOut();
            try (AdminApiClient admin = login(api)) {
                JsonNode p = admin.profile(name);
                if (json) {
                    out.println(p);
                } else {
                    out.println("profile " + p.path("name").asText() + " version " + p.path("version").asText());
                    for (String f : List.of("idleLockMinutes", "sameUserTap", "tapOver", "clipboard", "language", "kioskAccount")) {
                        out.println("  " + f + ": " + p.path(f).asText());
                    }
                    List<String> brokers = new ArrayList<>();
                    p.path("brokers").forEach(b -> brokers.add(b.asText()));
                    out.println("  brokers: " + (brokers.isEmpty() ? "(the endpoint's own)" : String.join(" ", brokers)));
                    List<String> assigned = new ArrayList<>();
                    p.path("assigned").forEach(e -> assigned.add(e.asText()));
                    out.println("  endpoints: " + (assigned.isEmpty() ? "(none)" : String.join(" ", assigned)));
                    out.println("history:");
                    List<String[]> rows = new ArrayList<>();
                    p.path("history").forEach(v -> rows.add(row(v)));
                    AdminPrint.table(out, HEADER, rows);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Writes the profile's next version (a new profile starts from the defaults: 5 min, lock, tap-over, both,",
                    "en, the endpoint's own brokers, no kiosk account): the options given change, the others are kept. The broker",
                    "pushes it to every endpoint it applies to at once."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The profile's name ('default': endpoints assigned none).")
        String name;

        @Option(names = "--idle-lock-minutes", paramLabel = "N", description = "Lock after N idle minutes; 0 never (0..1440).")
        Integer idleLockMinutes;

        @Option(names = "--same-user-tap", paramLabel = "lock|log-off|nothing", description = "What the shown user's own tap does.")
        String sameUserTap;

        @Option(names = "--tap-over", paramLabel = "true|false", arity = "1", description = "Whether another user's tap takes over a shown session.")
        Boolean tapOver;

        @Option(names = "--clipboard", paramLabel = "off|in|out|both", description = "Which way clipboard text may flow.")
        String clipboard;

        @Option(names = "--language", paramLabel = "en|fr", description = "The endpoint UI's language.")
        String language;

        @Option(names = "--broker-list", paramLabel = "URL", split = ",",
                description = "The brokers endpoints fail over between, in order (comma-separated); 'own' keeps the endpoint's own list.")
        List<String> brokerList;

        @Option(names = "--kiosk-account", paramLabel = "USER", description = "The kiosks' shared account; 'none' for none.")
        String kioskAccount;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() {
            AdminPrint.checkedName("NAME", name);
            Map<String, Object> fields = new LinkedHashMap<>();
            if (idleLockMinutes != null) fields.put("idleLockMinutes", idleLockMinutes);
            if (sameUserTap != null) fields.put("sameUserTap", sameUserTap);
            if (tapOver != null) fields.put("tapOver", tapOver);
            if (clipboard != null) fields.put("clipboard", clipboard);
            if (language != null) fields.put("language", language);
            if (brokerList != null) fields.put("brokers", brokerList.equals(List.of("own")) ? List.of() : brokerList);
            if (kioskAccount != null) fields.put("kioskAccount", kioskAccount.equals("none") ? "" : kioskAccount);
            if (fields.isEmpty()) throw new IllegalArgumentException("nothing to set: give at least one of --idle-lock-minutes, --same-user-tap, "
                    + "--tap-over, --clipboard, --language, --broker-list, --kiosk-account");
            try (AdminApiClient admin = login(api)) {
                JsonNode v = admin.setProfile(name, fields);
                spec.commandLine().getOut().println("profile " + name + " version " + v.path("version").asText() + ": pushed to "
                        + v.path("pushedTo").asText() + " endpoint(s)");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true, description = "Assigns the profile to endpoints, which get it pushed at once.")
    static final class Assign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ENDPOINT", description = "Endpoint ids.")
        List<String> endpoints;

        @Mixin
        AdminApiOptions api = new AdminApiOptions();

        @Override
        public Integer call() {
            AdminPrint.checkedName("NAME", name);
            for (String e : endpoints) AdminPrint.checkedName("ENDPOINT", e);
            try (AdminApiClient admin = login(api)) {
                admin.assignProfile(name, endpoints);
            }
            spec.commandLine().getOut().println("profile " + name + " assigned to " + String.join(", ", endpoints));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
