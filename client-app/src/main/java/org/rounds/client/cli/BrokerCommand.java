package org.rounds.client.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rounds.broker.Broker;
import org.rounds.broker.desktops.EmbeddedDesktopPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs the reference broker with embedded desktops until stopped (Ctrl+C).")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).", defaultValue = "8443")
    int port;

    @Option(names = "--data", description = "Data directory: the H2 database and the broker's secret (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.local/share/rounds/broker")
    Path data;

    @Override
    public Integer call() throws Exception {
        EmbeddedDesktopPool desktops = new EmbeddedDesktopPool();
        Broker broker = Broker.builder().dataDir(data).port(port).desktops(desktops).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            desktops.close();
            stopped.countDown();
        }, "rounds-broker-shutdown"));
        broker.start();
        System.out.println("broker listening on " + broker.baseUrl() + " (data in " + data + ")");
        stopped.await();
        return 0;
    }
}
