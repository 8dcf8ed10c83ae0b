/**
 * RFB (VNC) client. Public: {@link org.rounds.display.client.RfbClient} (built, immutable
 * configuration), {@link org.rounds.display.client.RfbSession} (one connection) and
 * {@link org.rounds.display.client.RfbListener} (with {@link org.rounds.display.client.Cursor}). Inside: the handshake by phase
 * ({@code ClientHandshake}), one writer method per message ({@code ClientWriter}), a message
 * reader ({@code ServerMessageReader}) and one {@code Decoder} per encoding registered in
 * {@code Decoders}. Decoders split reading a rectangle off the stream from decoding it, so
 * decoding can move to worker threads later without changing them. Encodings without a length
 * prefix (RRE, Hextile, TRLE, Tight) are walked twice by the same code through {@code RectBytes}:
 * recording off the stream, then replaying the recorded bytes to paint.
 *
 * <p>Decoded: Raw, CopyRect, RRE, Hextile, Zlib, Tight (fill, JPEG, copy/palette/gradient
 * filters, four zlib streams), TRLE, ZRLE, TightPNG; pseudo: DesktopSize, LastRect, PointerPos,
 * Cursor, XCursor, CursorWithAlpha (raw pixels), DesktopName, ExtendedDesktopSize, and the Tight
 * compression/quality level hints.
 */
package org.rounds.display.client;
