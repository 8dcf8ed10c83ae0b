package org.rounds.cli.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rounds broker hosts|gateways|endpoints revoke}: one command but for the kind's store
 * call and its words. The subclass holds the {@code @Parameters} field, so that its usage names
 * the kind ("The host's name.", "The endpoint's id.").
 */
abstract class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions where = new TargetOptions();

    /** The name or id given. */
    abstract String name();

    /** The name, checked: one line naming the parameter when the store could not hold it. */
    abstract String checked(String name);

    /** Revokes it and its certificates; false when no such one was added. */
    abstract boolean revoke(AdminTarget target, String name);

    /** The one line when no such one was added. */
    abstract String unknown(String name);

    @Override
    public Integer call() {
        String name = checked(name());
        boolean known = where.apply(target -> revoke(target, name));
        AdminPrint.revoked(spec, name, known, unknown(name));
        return 0;
    }
}
