package org.rounds.broker.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An endpoint profile's settings, as an admin sets them and as the broker pushes them. The
 * broker refuses bad values with {@link #problem()} (a 400); the endpoint checks them again and
 * keeps its old profile when they are bad, since a broker of another version may send what this
 * endpoint cannot apply.
 *
 * @param idleLockMinutes lock after this many minutes without input; 0 never (0..1440)
 * @param sameUserTap what the shown user's own tap does: {@code lock}, {@code log-off} or {@code nothing}
 * @param tapOver whether another user's tap takes over a shown session
 * @param clipboard {@code off}, {@code in}, {@code out} or {@code both}
 * @param language the endpoint UI's language, {@code en} or {@code fr}
 * @param brokers the brokers' base URLs in failover order (http or https, at most 8); empty keeps the endpoint's own list
 * @param kioskAccount the shared account of kiosks with this profile; empty for none
 */
public record ProfileSettings(@JsonProperty("idleLockMinutes") int idleLockMinutes,
                              @JsonProperty("sameUserTap") String sameUserTap,
                              @JsonProperty("tapOver") boolean tapOver,
                              @JsonProperty("clipboard") String clipboard,
                              @JsonProperty("language") String language,
                              @JsonProperty("brokers") List<String> brokers,
                              @JsonProperty("kioskAccount") String kioskAccount) {
    public static final Set<String> SAME_USER_TAPS = Set.of("lock", "log-off", "nothing");
    public static final Set<String> CLIPBOARDS = Set.of("off", "in", "out", "both");
    public static final Set<String> LANGUAGES = Set.of("en", "fr");
    public static final int MAX_BROKERS = 8;

    public ProfileSettings {
        brokers = brokers == null ? List.of() : List.copyOf(brokers.stream().map(b -> b == null ? "" : b).toList());
        kioskAccount = kioskAccount == null ? "" : kioskAccount;
    }

    /** The settings of a new profile: a cart's usual policy, English, the endpoint's own brokers. */
    public static ProfileSettings defaults() {
        return new ProfileSettings(5, "lock", true, "both", "en", List.of(), "");
    }

    /** The first bad value, as one line naming the field and what it may be; empty when all are good. */
    public Optional<String> problem() {
        if (idleLockMinutes < 0 || idleLockMinutes > 1440) {
            return Optional.of("idleLockMinutes must be 0..1440 (0: never lock), not " + idleLockMinutes);
        }
        if (sameUserTap == null || !SAME_USER_TAPS.contains(sameUserTap)) {
            return Optional.of("sameUserTap must be lock, log-off or nothing, not '" + shorten(sameUserTap) + "'");
        }
        if (clipboard == null || !CLIPBOARDS.contains(clipboard)) {
            return Optional.of("clipboard must be off, in, out or both, not '" + shorten(clipboard) + "'");
        }
        if (language == null || !LANGUAGES.contains(language)) return Optional.of("language must be en or fr, not '" + shorten(language) + "'");
        if (brokers.size() > MAX_BROKERS) return Optional.of("at most " + MAX_BROKERS + " brokers, not " + brokers.size());
        for (String b : brokers) {
            if (!isBrokerUrl(b)) return Optional.of("broker '" + shorten(b) + "' is not an http(s)://host[:port] URL");
        }
        if (!kioskAccount.isEmpty() && !kioskAccount.matches("[A-Za-z0-9._-]{1,64}")) {
            return Optional.of("kioskAccount must be a user id (letters, digits, '.', '_', '-'; at most 64), not '" + shorten(kioskAccount) + "'");
        }
        return Optional.empty();
    }

    private static boolean isBrokerUrl(String b) {
        if (b.length() > 300) return false;
        try {
            URI u = new URI(b);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A bad value as quoted in the one line: at most 60 characters, control characters (a forged log line) as '?'. */
    private static String shorten(String s) {
        if (s == null) return "null";
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 60 ? flat.substring(0, 60) + "..." : flat;
    }
}
