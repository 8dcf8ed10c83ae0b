/**
 * RFB (VNC) client. Public: {@link org.rounds.display.client.RfbClient} (built, immutable
 * configuration), {@link org.rounds.display.client.RfbSession} (one connection) and
 * {@link org.rounds.display.client.RfbListener}. Inside: the handshake by phase
 * ({@code ClientHandshake}), one writer method per message ({@code ClientWriter}), a message
 * reader ({@code ServerMessageReader}) and one {@code Decoder} per encoding registered in
 * {@code Decoders}. Decoders split reading a rectangle off the stream from decoding it, so
 * decoding can move to worker threads later without changing them.
 */
package org.rounds.display.client;
