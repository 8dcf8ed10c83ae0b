package org.rounds.testpeers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what a {@link TestNetwork} of a JVM that no longer runs left behind: its close and its
 * shutdown hook never ran when that JVM was killed with SIGKILL (a surefire fork timing out, a
 * developer's kill -9). Only names of this class's shape whose pid is gone are touched, so a
 * parallel run (its JVM alive) and anything not made by a test network stay as they are.
 */
final class StaleNetworks {

    /** {@code rt<pid36>_<n36>-<host>}, as {@code ip netns list} prints it (maybe followed by " (id: N)"). */
    private static final Pattern NAMESPACE = Pattern.compile("^(rt([0-9a-z]{1,6})_[0-9a-z]{1,3}-[a-z0-9-]{1,20})(\\s.*)?$");
    /** {@code N: rt<pid36>_<n36>b} (bridge) or {@code …h<i>} (veth, maybe {@code @ifN}), as {@code ip -o link show} prints it. */
    private static final Pattern LINK = Pattern.compile("^\\d+:\\s+(rt([0-9a-z]{1,6})_[0-9a-z]{1,3}(b|[hp][0-9a-z]{1,2}))[@:].*$");

    private StaleNetworks() {}

    /**
     * Removes what JVMs that no longer run left, and anything named with {@code newTag} (left by an
     * earlier JVM that had this JVM's pid, which would make the new network's names collide).
     */
    static void remove(Ip ip, String newTag) {
        for (String line : ip.tryRun("netns", "list").stdout().lines().toList()) {
            Matcher m = NAMESPACE.matcher(line.strip());
            if (m.matches() && (dead(m.group(2)) || m.group(1).startsWith(newTag + "-"))) {
                String namespace = m.group(1);
                for (String pid : ip.tryRun("netns", "pids", namespace).stdout().split("\\s+")) {
                    if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
                ip.tryRun("netns", "del", namespace);
            }
        }
        for (String line : ip.tryRun("-o", "link", "show").stdout().lines().toList()) {
            Matcher m = LINK.matcher(line);
            if (m.matches() && (dead(m.group(2)) || m.group(1).matches(java.util.regex.Pattern.quote(newTag) + "(b|[hp].*)")))
                ip.tryRun("link", "del", m.group(1));
        }
    }

    private static boolean dead(String pid36) {
        long pid = Long.parseLong(pid36, 36);
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
