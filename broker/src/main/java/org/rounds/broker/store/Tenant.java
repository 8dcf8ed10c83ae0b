package org.rounds.broker.store;

/**
 * A practice: one tenant of the service, whose users, badges, endpoints, hosts, profiles, audit
 * and admins no other tenant sees. The hospital itself is the {@link #DEFAULT} tenant, which
 * every store made before practices existed became (V16).
 *
 * <p>A name is lower-case letters, digits and hyphens: no colon, so a certificate's URI SAN
 * ({@code urn:rounds:endpoint:TENANT:ID}) splits at its first colon after the prefix.
 */
public record Tenant(String name) {
    public static final Tenant DEFAULT = new Tenant("default");

    public Tenant {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}"))
            throw new IllegalArgumentException("practice name '" + name + "' must be 1 to 63 lower-case letters, digits or hyphens, "
                    + "starting with a letter or digit");
    }

    /** The tenant named {@code name}; the default tenant for null (a caller that names none). */
    public static Tenant of(String name) {
        return name == null ? DEFAULT : new Tenant(name);
    }

    public boolean isDefault() {
        return this.equals(DEFAULT);
    }

    @Override
    public String toString() {
        return name;
    }
}
