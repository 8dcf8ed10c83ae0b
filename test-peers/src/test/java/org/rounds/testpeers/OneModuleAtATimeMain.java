package org.rounds.testpeers;

import java.nio.file.Path;

/** Another test JVM's session: takes the lock at args[0], says so, and holds it until killed. */
public final class OneModuleAtATimeMain {
    private OneModuleAtATimeMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("waiting");
        new OneModuleAtATime(Path.of(args[0]), Boolean.parseBoolean(args[1])).launcherSessionOpened(null);
        System.out.println("running");
        Thread.sleep(60_000);
    }
}
