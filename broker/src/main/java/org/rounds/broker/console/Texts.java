package org.rounds.broker.console;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in one language: {@code console_en.properties} or {@code console_fr.properties}.
 * The language is the one the admin picked (a cookie set by the language link), else the first of
 * the browser's {@code Accept-Language} the console speaks, else English.
 */
final class Texts {
    static final List<String> LANGUAGES = List.of("en", "fr");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String lang;
    private final ResourceBundle bundle;

    private Texts(String lang) {
        this.lang = lang;
        this.bundle = ResourceBundle.getBundle("org.rounds.broker.console.console", Locale.forLanguageTag(lang), NO_FALLBACK);
    }

    private static final Texts EN = new Texts("en");
    private static final Texts FR = new Texts("fr");

    static Texts of(String lang) {
        return "fr".equals(lang) ? FR : EN;
    }

    /** The chosen language: {@code cookie} when it is one the console speaks, else from {@code acceptLanguage}. */
    static Texts choose(String cookie, String acceptLanguage) {
        if (cookie != null && LANGUAGES.contains(cookie)) return of(cookie);
        if (acceptLanguage != null && acceptLanguage.length() < 500) {
            try {
                for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
                    String l = r.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (r.getWeight() > 0 && LANGUAGES.contains(l)) return of(l);
                }
            } catch (IllegalArgumentException malformed) {
                // a malformed header is no choice at all
            }
        }
        return EN;
    }

    String lang() {
        return lang;
    }

    /** The text of {@code key}; the key itself, visibly, when a bundle lacks it (a test catches that). */
    String t(String key) {
        // the bundles double apostrophes for MessageFormat (f); shown as is, a text has single ones
        return raw(key).replace("''", "'");
    }

    /** The text of {@code key} with {@code {0}}, {@code {1}}... filled in. */
    String f(String key, Object... args) {
        return new MessageFormat(raw(key), Locale.forLanguageTag(lang)).format(args);
    }

    private String raw(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }
}
