package org.rounds.broker.store;

/**
 * How the broker names a desktop host at run time (its control channel, placement, relayed
 * commands): the host's name in the default practice, else {@code PRACTICE/NAME}. Neither a
 * practice nor a host name holds a '/', so two practices' hosts of one name never share a channel,
 * and the store ({@link Hosts}) splits the key back into the row's practice and name.
 */
public final class HostKey {
    private HostKey() {}

    public static String of(Tenant tenant, String name) {
        return tenant.isDefault() ? name : tenant.name() + "/" + name;
    }

    public static String of(EnrolledName host) {
        return of(host.tenant(), host.name());
    }

    public static Tenant tenant(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? Tenant.DEFAULT : new Tenant(key.substring(0, slash));
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
