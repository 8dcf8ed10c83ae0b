package org.rounds.display.client;

import org.rounds.display.internal.PixelFormat;

/** What the server told us at the end of the handshake. */
record ServerInit(int width, int height, PixelFormat pixelFormat, String name) {}
