package org.rounds.cli.bench;

/**
 * Who is who in {@code rounds bench broker}: which practice each simulated endpoint belongs to,
 * its id, and the users (badges) it taps. The bench process sets up the store by it and each
 * load process taps by it, so both compute the same from {@code (endpoints, practices)}.
 *
 * <p>{@code practices} 0 is the bench as it was: plain HTTP, the default practice, endpoints
 * {@code bench-ep-0..n-1}. From 1 up every endpoint is enrolled and presents its own client
 * certificate over TLS, so that its practice comes from its certificate as in a hospital; with 1
 * they are all the default practice's, with more they are split in practices
 * {@code practice-000...} of {@code ceil(endpoints / practices)} each, set up alike: the same
 * endpoint ids and the same users' badge numbers in every practice (the case that must stay apart).
 */
record LoadLayout(int endpoints, int practices) {
    LoadLayout {
        if (practices < 0 || practices > 1000) throw new IllegalArgumentException("--tenants " + practices + " is outside 0..1000");
        if (practices > endpoints) throw new IllegalArgumentException("--tenants " + practices + " is more than the " + endpoints + " endpoints");
    }

    /** The bench's users: one per endpoint up to 2,000, so that taps seldom find their user busy. */
    int users() {
        return Math.min(endpoints, 2000);
    }

    boolean tls() {
        return practices > 0;
    }

    /** Endpoints in each practice (the last may have fewer). */
    int perPractice() {
        return practices <= 1 ? endpoints : (endpoints + practices - 1) / practices;
    }

    /** Users in each practice, the same ids and badges in every one. */
    int usersPerPractice() {
        return practices <= 1 ? users() : Math.max(1, (users() + practices - 1) / practices);
    }

    /** The practice of endpoint {@code i} (0-based); always 0 with one practice or none. */
    int practiceOf(int i) {
        return i / perPractice();
    }

    /** The practice's name in the store, {@code default} with one practice or none. */
    String practiceName(int p) {
        return practices <= 1 ? "default" : String.format("practice-%03d", p);
    }

    /** Endpoint {@code i}'s id within its practice. */
    String endpointId(int i) {
        return "bench-ep-" + (i % perPractice());
    }

    static String userId(int u) {
        return "bench-u" + u;
    }

    static String badge(int u) {
        return "BENCHB" + (1_000_000 + u);
    }
}
