package org.rounds.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** What {@code ss -ltnp} shows for this process, from /proc: its listening TCP sockets (inode → port). */
final class ListeningSockets {
    private ListeningSockets() {}

    static Map<Long, Integer> ofThisProcess() throws IOException {
        Set<Long> mine = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) mine.add(Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException closedMeanwhile) {
                    // the fd of the listing itself, or one closed since
                }
            }
        }
        Map<Long, Integer> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            List<String> lines = Files.readAllLines(p);   // once: other processes open and close sockets meanwhile
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                long inode = Long.parseLong(f[9]);
                if (f[3].equals("0A") && mine.contains(inode)) {   // 0A: LISTEN
                    String local = f[1];
                    listening.put(inode, Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return listening;
    }
}
