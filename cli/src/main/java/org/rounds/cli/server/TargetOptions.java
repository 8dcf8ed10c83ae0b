package org.rounds.cli.server;

import java.util.function.Consumer;
import java.util.function.Function;
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

    /** Does one thing on the target, then logs out or closes the store. */
    <T> T apply(Function<AdminTarget, T> action) {
        try (AdminTarget target = open()) {
            return action.apply(target);
        }
    }

    /** {@link #apply} for a thing that gives nothing back. */
    void run(Consumer<AdminTarget> action) {
        try (AdminTarget target = open()) {
            action.accept(target);
        }
    }
}
