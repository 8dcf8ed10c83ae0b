package org.rounds.display;

import java.io.IOException;

/** The server refused us (or we refused the server's security offer); the message carries the server's reason. */
public class RfbAuthException extends IOException {
    public RfbAuthException(String message) { super(message); }
}
