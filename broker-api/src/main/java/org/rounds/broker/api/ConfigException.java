package org.rounds.broker.api;

/** A configuration that cannot be used; the message is one line naming the file and the field. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
