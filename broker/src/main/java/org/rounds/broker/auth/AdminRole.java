package org.rounds.broker.auth;

import java.util.Locale;

/** What an admin account may do; each role may do everything the ones before it may. */
public enum AdminRole {
    /** Reads users, endpoints, sessions and the audit trail. */
    VIEWER,
    /** A viewer who also enrols badges and users, sets PINs and passwords and ends sessions. */
    HELPDESK,
    /** Everything in its practice, including admin accounts and kiosks. */
    ADMIN,
    /**
     * The service's own admin (issue 23), the one role that works across practices: everything an
     * admin may, in whichever practice it picks to look at, and it creates practices and reads
     * their usage. Only an admin of the default practice (the hospital running the service) may
     * hold it (V17 checks so).
     */
    SERVICE;

    public boolean atLeast(AdminRole needed) {
        return ordinal() >= needed.ordinal();
    }

    /** The name used on the command line, in JSON and in the store. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line naming the roles that exist when {@code s} is none of them. */
    public static AdminRole parse(String s) {
        for (AdminRole r : values()) if (r.wire().equals(s)) return r;
        throw new IllegalArgumentException("role '" + s + "' is not viewer, helpdesk, admin or service");
    }
}
