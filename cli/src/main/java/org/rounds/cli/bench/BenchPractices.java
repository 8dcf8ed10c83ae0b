package org.rounds.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.store.PracticeLimits;
import org.rounds.broker.store.Tenant;

/**
 * The store {@code rounds bench broker} taps against, made with the same store tools an admin
 * uses: the practices of its {@link LoadLayout}, their users and badges and, for a TLS run, an
 * enrolment code per endpoint (made for the endpoint's practice, so that the certificate the
 * endpoint gets for it names that practice).
 */
final class BenchPractices {
    private BenchPractices() {}

    /**
     * Adds the layout's practices and users; for a TLS layout, also an enrolment code per endpoint,
     * written one per line ({@code INDEX CODE}) to a file only this user can read, whose path is
     * returned (null for a plain-HTTP layout). The codes are one-time secrets: the load processes
     * redeem them at once and the file goes with the bench's temporary directory.
     */
    static Path setUp(StoreAdmin admin, LoadLayout layout, Path dir) throws IOException {
        for (int p = 0; p < Math.max(1, layout.practices()); p++) {
            Tenant t = Tenant.of(layout.practiceName(p));
            if (!t.isDefault()) admin.addTenant(t.name());
            for (int u = 0; u < layout.usersPerPractice(); u++)
                admin.enrollIn(t, LoadLayout.userId(u), "Bench User " + u, LoadLayout.badge(u));
        }
        if (!layout.tls()) return null;
        List<String> lines = new ArrayList<>(layout.endpoints());
        for (int i = 0; i < layout.endpoints(); i++) {
            Tenant t = Tenant.of(layout.practiceName(layout.practiceOf(i)));
            lines.add(i + " " + admin.addEndpointIn(t, layout.endpointId(i), "cart", "Bench", ""));
        }
        Path codes = dir.resolve("enrolment-codes");
        Files.createFile(codes, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(codes, lines);
        return codes;
    }

    /** Holds practice {@code p} to {@code tapsPerSecond} decisions a second on each broker (sessions unlimited). */
    static void limitTaps(StoreAdmin admin, LoadLayout layout, int p, double tapsPerSecond) {
        admin.setTenantLimits(layout.practiceName(p), new PracticeLimits(0, tapsPerSecond));
    }
}
