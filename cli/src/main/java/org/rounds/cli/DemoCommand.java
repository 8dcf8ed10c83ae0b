package org.rounds.cli;

import org.rounds.client.cli.Displays;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rounds.client.config.EndpointConfig;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.cli.demo.HeadlessDemo;
import org.rounds.client.ui.Messages;
import org.rounds.client.ui.SideBySideApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded broker and desktop host with two carts and opens the roaming demo.",
                "With --headless, runs the roaming script with no display, checks each step and prints timings."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--headless", description = "Run the scripted demo without a window; one JSON line per step.")
    boolean headless;

    @Option(names = "--language", defaultValue = "en", description = "Language of the endpoints' screens: en or fr (default: ${DEFAULT-VALUE}).")
    String language;

    @Override
    public Integer call() {
        if (headless) {
            return new HeadlessDemo(System.out).run();
        }
        if (!EndpointConfig.LANGUAGES.contains(language))
            throw new IllegalArgumentException("--language must be one of " + EndpointConfig.LANGUAGES + ", not '" + language + "'");
        Displays.requireDisplay("demo");
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("cart-1", "cart");
        endpoints.put("cart-2", "cart");
        endpoints.put("kiosk", "kiosk");
        try (DemoWorld world = DemoWorld.start(endpoints)) {
            SideBySideApp.launch("Rounds demo — tap a badge on a cart", world.parts(), world.badgeButtons(), Messages.of(language));
        }
        return 0;
    }
}
