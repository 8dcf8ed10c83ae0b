package org.rounds.roaming.client;

import org.rounds.broker.api.PushAck;

/**
 * A push channel from the broker to one endpoint. It reconnects with backoff whenever it drops,
 * until {@link #close()}; events missed while disconnected are the broker's to resend.
 */
public interface PushChannel extends AutoCloseable {

    /**
     * Sends an acknowledgement to the broker. Returns false when the channel is not connected
     * right now (the ack is dropped; the broker resends the event after reconnecting).
     */
    boolean ack(PushAck ack);

    /** Whether the WebSocket is open at this moment. */
    boolean isConnected();

    /** Stops the channel and its reconnect thread; no listener call starts after this returns. */
    @Override
    void close();
}
