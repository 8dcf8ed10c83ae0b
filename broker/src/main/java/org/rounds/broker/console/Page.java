package org.rounds.broker.console;

import org.rounds.broker.auth.AdminRole;

/**
 * What every console page's layout needs: the words, who is signed in (null name on the sign-in
 * page), that session's CSRF token for its forms, and the path shown (for the language links and
 * the current nav entry).
 */
record Page(Texts texts, String admin, AdminRole role, String csrf, String path) {
    String t(String key) {
        return texts.t(key);
    }

    String f(String key, Object... args) {
        return texts.f(key, args);
    }

    String lang() {
        return texts.lang();
    }

    /** Whether the signed-in admin may do what needs {@code needed} (buttons are shown only then). */
    boolean can(AdminRole needed) {
        return role != null && role.atLeast(needed);
    }

    boolean signedIn() {
        return admin != null;
    }
}
