package org.rounds.device.wedge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds a keyboard-wedge reader's evdev nodes by its USB identity: every
 * {@code /sys/class/input/eventN} whose {@code device/id/vendor} and {@code device/id/product}
 * (four hex digits) match is {@code /dev/input/eventN}. Roots are parameters so tests use a
 * fake tree.
 */
public final class EvdevNodes {

    public static final Path SYS_CLASS_INPUT = Path.of("/sys/class/input");
    public static final Path DEV_INPUT = Path.of("/dev/input");

    private EvdevNodes() {}

    /** The event nodes of this vendor and product (-1: any product), sorted; empty when none (or no sysfs). */
    public static List<Path> find(Path sysClassInput, Path devInput, int vendorId, int productId) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(sysClassInput)) {
            return out;
        }
        try (Stream<Path> entries = Files.list(sysClassInput)) {
            entries.filter(p -> p.getFileName().toString().matches("event\\d+"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .forEach(p -> {
                        if (hex(p.resolve("device/id/vendor")) == vendorId && (productId == -1 || hex(p.resolve("device/id/product")) == productId)) {
                            out.add(devInput.resolve(p.getFileName().toString()));
                        }
                    });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public static List<Path> find(int vendorId, int productId) {
        return find(SYS_CLASS_INPUT, DEV_INPUT, vendorId, productId);
    }

    private static int number(Path event) {
        return Integer.parseInt(event.getFileName().toString().substring("event".length()));
    }

    /** A sysfs hex id, or -1 when missing or unreadable. */
    private static int hex(Path file) {
        try {
            return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT), 16);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
