package org.rounds.cli.server;

import picocli.CommandLine.Mixin;

/**
 * Where a store tool works: a running broker's admin API ({@code --broker ...}), else the store
 * itself ({@code --data}, or {@code --db} with {@code --key-file}).
 */
final class TargetOptions {
    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    AdminApiOptions api = new AdminApiOptions();

    /** Logs in to the broker's admin API, or opens the store; closing logs out or closes it. */
    AdminTarget open() {
        return AdminTarget.open(api, store);
    }
}
