package org.rounds.client.cli;

import org.rounds.broker.api.Version;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), with the Java runtime beside it. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return Version.lines("rounds", VersionProvider.class);
    }
}
