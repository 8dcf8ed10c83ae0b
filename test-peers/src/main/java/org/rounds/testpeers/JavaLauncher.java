package org.rounds.testpeers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a main class of the running test's class path in another JVM,
 * for {@link NetHost#start}: brokers, hosts and endpoints each in their own namespace, since a
 * thread cannot move into one.
 */
public final class JavaLauncher {

    /**
     * Small heap and the serial collector: a test starts several of these on a shared 2-core
     * machine, and none of them holds more than a few desktops' worth of data. C1 only: two
     * {@code rounds broker} processes started side by side were ready in 6 s instead of 17 s (C2
     * compiling the start-up code fought the brokers for the two cores).
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private JavaLauncher() {}

    /** {@code JAVA -cp <java.class.path> OPTIONS mainClass args...}, with this JVM's own java binary. */
    public static List<String> command(String mainClass, List<String> args) {
        return command(List.of(), mainClass, args);
    }

    /** As {@link #command(String, List)}, with extra JVM options ({@code -Dname=value}, {@code -Xmx1g}) after the defaults. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        // under surefire a manifest-only jar naming the real entries: it works as well in a child JVM
        command.add(System.getProperty("java.class.path"));
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
