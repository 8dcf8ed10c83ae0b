package org.rounds.broker.hosts;

import java.time.Duration;
import org.rounds.broker.api.HostMessage;

/**
 * Sends a command to a desktop host over its control channel, wherever it is held: by this
 * broker, or by another broker on the same database that relays it. Never throws: a host that
 * cannot be reached, or answers late, gives a failed {@link HostMessage.Reply} naming why.
 */
public interface HostCommands {
    HostMessage.Reply send(HostState host, HostMessage.Command command, Duration wait);
}
