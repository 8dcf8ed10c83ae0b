package org.rounds.testpeers;

import java.util.List;
import java.util.Map;

/**
 * A test JVM that makes a network with a host running {@code sleep 600}, prints "name N" for every
 * namespace and link it made and then "ready", and never closes it: with "exit" it exits at once
 * (the shutdown hook must clean up), with "wait" it waits to be killed with SIGKILL (the next
 * network made on the machine must clean up).
 */
public final class LeakyNetworkMain {
    private LeakyNetworkMain() {}

    public static void main(String[] args) throws Exception {
        TestNetwork net = TestNetwork.create();
        NetHost host = net.host("leaky");
        NetProcess sleeper = host.start(List.of("sleep", "600"), Map.of());
        net.names().forEach(n -> System.out.println("name " + n));
        System.out.println("pid " + sleeper.pid());
        System.out.println("ready");
        System.out.flush();
        if (args[0].equals("exit")) System.exit(0);
        Thread.sleep(600_000);
    }
}
