package org.rounds.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.cli.server.ServerMain;

/**
 * The desktop host's and the gateway's system units: the broker's hardening and user, each its
 * own state directory under /var/lib/rounds and its settings from /etc/rounds, and a command line
 * that {@code rounds-server} accepts once the example environment file of the unit's comments is
 * filled in (systemd's {@code ${VAR}} is one word, {@code $VAR} splits on spaces).
 */
@Tag("unit")
class ServerUnitsTest {
    private static final Path UNITS = Path.of("src/linux/systemd");
    private static final Pattern EXAMPLE = Pattern.compile("^#\\s+(ROUNDS_[A-Z_]+)=(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}|\\$([A-Z_]+)");

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "desktop-host"})
    void eachServerUnitHasTheBrokersHardeningItsOwnStateDirectoryAndItsEnvironmentFile(String server) throws Exception {
        List<String> broker = Files.readAllLines(UNITS.resolve("rounds-broker.service"));
        List<String> unit = Files.readAllLines(UNITS.resolve("rounds-" + server + ".service"));
        List<String> hardening = broker.stream().filter(l -> l.matches("(User|Group|UMask|LimitCORE|StateDirectoryMode|NoNewPrivileges|Protect\\w+"
                + "|Private\\w+|RestrictSUIDSGID|Restart)=.*")).toList();
        assertThat(hardening).hasSizeGreaterThan(10);
        assertThat(unit).containsAll(hardening)
                .contains("StateDirectory=rounds/" + server, "EnvironmentFile=/etc/rounds/" + server + ".env", "WantedBy=multi-user.target");
        assertThat(execStart(unit)).startsWith("/usr/bin/rounds-server " + server + " ").contains(" --data /var/lib/rounds/" + server + " ")
                .contains(" --broker-ca /etc/rounds/broker-ca.pem ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "desktop-host"})
    void rounds_serverAcceptsTheUnitsCommandLineWithTheExampleEnvironment(String server) throws Exception {
        List<String> unit = Files.readAllLines(UNITS.resolve("rounds-" + server + ".service"));
        Map<String, String> env = new HashMap<>();
        unit.stream().filter(l -> l.startsWith("Environment=")).forEach(l -> put(env, l.substring("Environment=".length())));
        for (String l : unit) {
            Matcher m = EXAMPLE.matcher(l);
            if (m.matches()) env.put(m.group(1), m.group(2).strip());
        }
        List<String> args = expand(execStart(unit), env);
        assertThat(args.remove(0)).isEqualTo("/usr/bin/rounds-server");
        var parsed = ServerMain.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(server);
        assertThat(parsed.subcommand().unmatched()).isEmpty();
    }

    private static String execStart(List<String> unit) {
        return unit.stream().filter(l -> l.startsWith("ExecStart=")).map(l -> l.substring("ExecStart=".length())).findFirst().orElseThrow();
    }

    private static void put(Map<String, String> env, String assignment) {
        int eq = assignment.indexOf('=');
        env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    /** The words systemd makes of {@code line}: ${VAR} one word, $VAR split on spaces; a variable the example lacks fails. */
    private static List<String> expand(String line, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        for (String word : line.split(" ")) {
            Matcher m = VARIABLE.matcher(word);
            if (!m.matches()) {
                words.add(word);
                continue;
            }
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            assertThat(env).as("the unit's example environment sets " + name).containsKey(name);
            if (m.group(1) != null) words.add(env.get(name));
            else for (String w : env.get(name).split("\\s+")) if (!w.isEmpty()) words.add(w);
        }
        return words;
    }
}
