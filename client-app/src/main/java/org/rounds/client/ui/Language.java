package org.rounds.client.ui;

import java.util.Locale;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.rounds.roaming.session.RoamingEndpoint;

/**
 * The endpoint's UI language, which can change while it runs (a profile pushed from the IT
 * console): views bind their texts to {@link #text} and re-render what they composed themselves
 * when {@link #messagesProperty()} changes, so nothing is rebuilt and the desktop keeps running.
 * Changes happen on the FX thread only.
 */
public final class Language {
    /** The languages the endpoint ships texts for; a profile naming another leaves the language as it is. */
    static final Set<String> SHIPPED = Set.of("en", "fr");

    private final ReadOnlyObjectWrapper<Messages> messages;

    public Language(Messages initial) {
        messages = new ReadOnlyObjectWrapper<>(this, "messages", initial);
    }

    public static Language of(String language) {
        return new Language(Messages.of(language));
    }

    /** The texts in force; changes when the language does. */
    public ReadOnlyObjectProperty<Messages> messagesProperty() { return messages.getReadOnlyProperty(); }

    public Messages messages() { return messages.get(); }

    public Locale locale() { return messages.get().locale(); }

    /** The text of {@code key} in the language in force, following every change. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> messages.get().text(key, args), messages);
    }

    /**
     * Switches to {@code language} (en or fr; FX thread). Returns false and changes nothing for
     * an empty or unshipped language, or the one in force.
     */
    public boolean use(String language) {
        if (language == null || !SHIPPED.contains(language) || language.equals(locale().getLanguage())) return false;
        messages.set(Messages.of(language));
        return true;
    }

    /** Follows the language of every profile {@code endpoint} puts in force (pushed by the broker). */
    public void follow(RoamingEndpoint endpoint) {
        endpoint.onProfileApplied(p -> FxThread.run(() -> use(p.language())));
        endpoint.appliedProfile().ifPresent(p -> FxThread.run(() -> use(p.language())));
    }
}
