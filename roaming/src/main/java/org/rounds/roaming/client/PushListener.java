package org.rounds.roaming.client;

import org.rounds.broker.api.PushEvent;

/**
 * Receives what the broker pushes to one endpoint. Called on the channel's reader thread, one
 * call at a time and in the order the broker sent them; handlers must be fast (hand the event
 * to your own thread) and must not throw.
 */
@FunctionalInterface
public interface PushListener {

    /** An event from the broker; answer it with {@link PushChannel#ack} when the event asks for it. */
    void onPush(PushEvent event, PushChannel channel);

    /** The channel is (again) connected to {@code broker}. Default: nothing. */
    default void connected(String broker) {}

    /** The channel dropped; it reconnects by itself until closed. Default: nothing. */
    default void disconnected(String reason) {}

    /**
     * The session this endpoint shows as {@code user} and {@code generation}, with its reconnect
     * token under {@code BrokerApi.CATCH_UP_TOKEN} (sent on each (re)connect so the broker can
     * send a {@code session-moved} missed while the channel was down; the token goes in a header,
     * the rest in the query); empty when none is shown. Called on the channel's threads. Default: empty.
     */
    default java.util.Map<String, String> catchUp() { return java.util.Map.of(); }
}
