package org.rounds.client.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.rounds.roaming.session.Reason;

/** The endpoint's texts in one language (English and French ship); missing keys fall back to English. */
public final class Messages {
    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("org.rounds.client.ui.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static Messages of(String language) {
        return new Messages(Locale.forLanguageTag(language));
    }

    public Locale locale() { return locale; }

    public String text(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    /** What a clinician reads for a reason: translated, with its detail where the text has a place for it. */
    public String reason(Reason reason) {
        return text("reason." + reason.kind().name(), reason.detail());
    }
}
