/**
 * FBS 001.000 session recordings, the format of rfbproxy and TightVNC's recorder: the header
 * {@code "FBS 001.000\n"}, then blocks of [u32 BE length][data padded to 4 bytes][u32 BE
 * milliseconds since the recording started]. The data of all blocks, concatenated, is the
 * server-to-client byte stream from the ProtocolVersion string on.
 */
package org.rounds.display.fbs;
