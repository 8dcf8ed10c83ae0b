/**
 * RFB (VNC) server for one {@link org.rounds.display.server.DesktopSource}. Public:
 * {@link org.rounds.display.server.RfbServer}, {@link org.rounds.display.server.ServerSecurity},
 * {@link org.rounds.display.server.PasswordBook}, {@link org.rounds.display.server.DesktopSource}.
 * Inside: per viewer a reader and a writer thread ({@code Viewer}), damage coalesced on a tile
 * grid ({@code DamageTracker}), one {@code Encoder} per encoding registered in {@code Encoders}.
 */
package org.rounds.display.server;
