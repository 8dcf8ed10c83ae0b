package org.rounds.broker.console;

import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.store.Tenant;

/**
 * What every console page's layout needs: the words, who is signed in (null name on the sign-in
 * page), that session's CSRF token for its forms, the path shown (for the language links and
 * the current nav entry), and the practice the pages show (issue 23): the admin's own, or the one
 * a service admin picked (null on the sign-in page).
 */
record Page(Texts texts, String admin, AdminRole role, String csrf, String path, Tenant tenant) {
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

    /** Whether the signed-in admin works across practices, and may pick the one shown. */
    boolean service() {
        return role == AdminRole.SERVICE;
    }

    boolean signedIn() {
        return admin != null;
    }
}
