/**
 * Pieces shared by the RFB client and server (wire tables, pixel formats, the counting input,
 * VNC authentication). Public only because Java packages need it: not part of the module's API.
 */
package org.rounds.display.internal;
