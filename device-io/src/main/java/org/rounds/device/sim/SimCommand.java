package org.rounds.device.sim;

/**
 * One line of the simulator's text protocol: {@code tap <id>} or {@code remove}; blank lines
 * and {@code #} comments are ignored. A bad line becomes {@link Invalid} with a reason that
 * never repeats the line (it may hold a badge number).
 */
sealed interface SimCommand {

    int MAX_ID_LENGTH = 64;

    record Tap(String id) implements SimCommand {}

    record Remove() implements SimCommand {}

    record Ignore() implements SimCommand {}

    record Invalid(String reason) implements SimCommand {}

    static SimCommand parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return new Ignore();
        }
        String[] words = trimmed.split("\\s+");
        switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
            case "tap":
                if (words.length != 2) {
                    return new Invalid("'tap' takes exactly one badge id");
                }
                String id = words[1];
                if (id.length() > MAX_ID_LENGTH) {
                    return new Invalid("badge id longer than " + MAX_ID_LENGTH + " characters");
                }
                if (!id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                    return new Invalid("badge id must be printable ASCII");
                }
                return new Tap(id);
            case "remove":
                return words.length == 1 ? new Remove() : new Invalid("'remove' takes no argument");
            default:
                return new Invalid("expected 'tap <id>' or 'remove'");
        }
    }
}
