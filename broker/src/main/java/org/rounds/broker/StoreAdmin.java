package org.rounds.broker;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.rounds.broker.store.Admins;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.OutsideAccess;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;

/**
 * Users, badges, endpoints, desktop hosts, gateways and admin accounts of a broker's store, for
 * the tools that change them ({@link Broker#admin(java.nio.file.Path)} and kin); changes are
 * audited as {@code actor}. {@code accounts} and {@code outside} are null when the store was
 * opened without its seal key.
 */
public record StoreAdmin(Database db, Directory directory, BadgeKey badgeKey, Clock clock, Admins accounts, OutsideAccess outside,
                         String actor, Runnable onClose) implements AutoCloseable {
    /**
     * Makes admin account {@code name}; returns its TOTP provisioning URI (otpauth://), a
     * secret for that admin only. One line naming the problem otherwise.
     */
    public String addAdmin(String name, org.rounds.broker.auth.AdminRole role, String password) {
        return inStore("adding admin " + name, () -> requireAccounts().add(name, role, password, actor));
    }

    /**
     * As {@link #addAdmin}, an admin of practice {@code tenant} (issue 23): it sees and changes
     * that practice only. The service role is the default practice's only.
     */
    public String addAdminIn(Tenant tenant, String name, org.rounds.broker.auth.AdminRole role, String password) {
        return inStore("adding admin " + name + " to practice " + tenant, () -> requireAccounts().add(tenant, name, role, password, actor));
    }

    /** Practice {@code tenant}'s admin accounts, by name. */
    public List<Admins.Account> adminAccountsIn(Tenant tenant) {
        requireTenant(tenant);
        return inStore("listing the admins of practice " + tenant, () -> requireAccounts().list(tenant));
    }

    public List<Admins.Account> adminAccounts() {
        return inStore("listing admins", () -> requireAccounts().list());
    }

    /** Disables admin {@code name} and ends its sessions; false when there is none. */
    public boolean disableAdmin(String name) {
        return inStore("disabling admin " + name, () -> requireAccounts().disable(name, actor));
    }

    private Admins requireAccounts() {
        if (accounts == null) throw new IllegalStateException("admin accounts need the seal key of the broker's data "
                + "directory: give --key-file F (the brokers') with --db");
        return accounts;
    }

    /** Adds practice {@code name} (issue 23); one line when the name is not a practice's or exists already. */
    public void addTenant(String name) {
        Tenant tenant = new Tenant(name);
        runInStore("adding practice " + name, () -> new Tenants(db).add(tenant, clock.instant(), actor));
    }

    /** The practices, the default one included, by name. */
    /** Practice {@code name}'s limits (issue 23's fairness); one line when there is no such practice. */
    public org.rounds.broker.store.PracticeLimits tenantLimits(String name) {
        Tenant tenant = new Tenant(name);
        requireTenant(tenant);
        return inStore("reading practice " + name + "'s limits", () -> new Tenants(db).limits(tenant));
    }

    /** Sets practice {@code name}'s limits (0: none); the brokers apply them within seconds, without a restart. */
    public void setTenantLimits(String name, org.rounds.broker.store.PracticeLimits limits) {
        Tenant tenant = new Tenant(name);
        requireTenant(tenant);
        runInStore("setting practice " + name + "'s limits", () -> new Tenants(db).setLimits(tenant, limits, clock.instant(), actor));
    }

    public List<Tenants.Listed> tenants() {
        return inStore("listing practices", () -> new Tenants(db).list());
    }

    /**
     * Enrols {@code userId} with a badge inside practice {@code tenant}: the badge is tagged under
     * that practice's key, and the same user id or badge in another practice is another's.
     */
    public void enrollIn(Tenant tenant, String userId, String displayName, String badgeId) {
        requireTenant(tenant);
        runInStore("enrolling " + userId + " in practice " + tenant,
                () -> directory.in(tenant).enroll(userId, displayName, badgeKey.forTenant(tenant).tags(badgeId), clock.instant()));
    }

    /** Practice {@code tenant}'s users, by id. */
    public List<Directory.User> usersIn(Tenant tenant) {
        requireTenant(tenant);
        return inStore("listing the users of practice " + tenant, () -> directory.in(tenant).users());
    }

    private void requireTenant(Tenant tenant) {
        if (!inStore("finding practice " + tenant, () -> new Tenants(db).exists(tenant)))
            throw new IllegalArgumentException("no practice " + tenant + "; 'rounds broker tenants list' shows them, 'tenants add' makes one");
    }

    public void enroll(String userId, String displayName, String badgeId) {
        runInStore("enrolling " + userId, () -> directory.enroll(userId, displayName, badgeKey.tags(badgeId), clock.instant()));
    }

    public List<Directory.User> users() {
        return inStore("listing users", () -> directory.users());
    }

    /** Sets an enrolled user's PIN (4..12 digits), kept only as a slow hash; ends a lockout. */
    public void setPin(String userId, String pin) {
        setPinIn(Tenant.DEFAULT, userId, pin);
    }

    /** As {@link #setPin}, for practice {@code tenant}'s user of that id. */
    public void setPinIn(Tenant tenant, String userId, String pin) {
        if (!pin.matches("[0-9]{4,12}")) throw new IllegalArgumentException("a PIN is 4 to 12 digits");
        setSecret(tenant, userId, true, pin);
    }

    /** Sets an enrolled user's password (8..256 characters), kept only as a slow hash. */
    public void setPassword(String userId, String password) {
        setPasswordIn(Tenant.DEFAULT, userId, password);
    }

    /** As {@link #setPassword}, for practice {@code tenant}'s user of that id. */
    public void setPasswordIn(Tenant tenant, String userId, String password) {
        if (password.length() < 8 || password.length() > 256) throw new IllegalArgumentException("a password is 8 to 256 characters");
        setSecret(tenant, userId, false, password);
    }

    private void setSecret(Tenant tenant, String userId, boolean pin, String secret) {
        runInStore("setting the " + (pin ? "PIN" : "password") + " of " + userId,
                () -> directory.in(tenant).setSecret(userId, pin, org.rounds.broker.api.SlowHash.hash(secret), clock.instant()));
    }

    /** Makes {@code userId} (created when new, without a badge) the shared account shown on kiosk {@code endpointId}. */
    public void assignKiosk(String endpointId, String userId, String displayName) {
        assignKioskIn(Tenant.DEFAULT, endpointId, userId, displayName);
    }

    /** As {@link #assignKiosk}, practice {@code tenant}'s kiosk and account. */
    public void assignKioskIn(Tenant tenant, String endpointId, String userId, String displayName) {
        requireTenant(tenant);
        runInStore("assigning kiosk " + endpointId, () -> directory.in(tenant).assignKiosk(endpointId, userId, displayName, clock.instant()));
    }

    /**
     * Adds an endpoint that may enrol (or gives an existing one a new code): returns its
     * one-time enrolment code, valid for 24 h. Show it once; the store keeps only its hash.
     */
    public String addEndpoint(String endpointId, String kind, String location) {
        return addEndpoint(endpointId, kind, location, "");
    }

    /** As {@link #addEndpoint(String, String, String)}, at {@code site}: its users' desktops go to that site's hosts first. */
    public String addEndpoint(String endpointId, String kind, String location, String site) {
        checkedSite(site);
        if (!endpointId.matches("[A-Za-z0-9._:-]{1,64}"))
            throw new IllegalArgumentException("an endpoint id is 1..64 characters of A-Z a-z 0-9 . _ : -");
        if (!kind.matches("cart|tablet|kiosk|workstation")) throw new IllegalArgumentException("kind must be cart, tablet, kiosk or workstation");
        return inStore("adding endpoint " + endpointId,
                () -> new org.rounds.broker.store.Enrolments(db).add(endpointId, kind, location, site, clock.instant(), actor));
    }

    /**
     * As {@link #addEndpoint(String, String, String, String)}, an endpoint of practice {@code tenant}:
     * its code's row names the practice, and so does the certificate issued for it.
     */
    public String addEndpointIn(Tenant tenant, String endpointId, String kind, String location, String site) {
        requireTenant(tenant);
        checkedSite(site);
        if (!endpointId.matches("[A-Za-z0-9._:-]{1,64}"))
            throw new IllegalArgumentException("an endpoint id is 1..64 characters of A-Z a-z 0-9 . _ : -");
        if (!kind.matches("cart|tablet|kiosk|workstation")) throw new IllegalArgumentException("kind must be cart, tablet, kiosk or workstation");
        return inStore("adding endpoint " + endpointId + " to practice " + tenant,
                () -> new org.rounds.broker.store.Enrolments(db).add(tenant, endpointId, kind, location, site, clock.instant(), actor));
    }

    /** Practice {@code tenant}'s endpoints added for enrolment, by id. */
    public List<org.rounds.broker.store.Enrolments.Endpoint> endpointsIn(Tenant tenant) {
        requireTenant(tenant);
        return inStore("listing the endpoints of practice " + tenant, () -> new org.rounds.broker.store.Enrolments(db).list(tenant));
    }

    /** As {@link #addHost(String, String)}, a host of practice {@code tenant}: its code's row names the practice. */
    public String addHostIn(Tenant tenant, String name, String site) {
        requireTenant(tenant);
        checkedName("host", name);
        checkedSite(site);
        return inStore("adding host " + name + " to practice " + tenant, () -> new Hosts(db).add(tenant, name, site, clock.instant(), actor));
    }

    /** Practice {@code tenant}'s hosts (not revoked) and their state now. */
    public List<Hosts.Listed> hostsIn(Tenant tenant) {
        requireTenant(tenant);
        return inStore("listing the hosts of practice " + tenant, () -> new Hosts(db).listed(tenant, clock.instant()));
    }

    /** Every practice's sessions started and session hours on each of the last {@code days} UTC days, for billing. */
    public List<org.rounds.broker.store.Usage.Day> usage(int days) {
        return inStore("reading usage per practice", () -> new org.rounds.broker.store.Usage(db).lastDays(days, clock.instant()));
    }

    /** Revokes the endpoint and its certificates (every broker on the store refuses it within 1 s); false when unknown. */
    public boolean revokeEndpoint(String endpointId) {
        return inStore("revoking endpoint " + endpointId,
                () -> new org.rounds.broker.store.Enrolments(db).revoke(endpointId, clock.instant(), actor));
    }

    /** The endpoints added for enrolment, by id. */
    public List<org.rounds.broker.store.Enrolments.Endpoint> endpoints() {
        return inStore("listing endpoints", () -> new org.rounds.broker.store.Enrolments(db).list());
    }

    /**
     * Adds desktop host {@code name} at {@code site} (empty: any), or gives it a new code: returns
     * its one-time enrolment code, valid for 24 h. Show it once; the store keeps only its hash.
     */
    public String addHost(String name, String site) {
        checkedName("host", name);
        checkedSite(site);
        return inStore("adding host " + name, () -> new Hosts(db).add(name, site, clock.instant(), actor));
    }

    /** The hosts (not revoked) and their state now. */
    public List<Hosts.Listed> hosts() {
        return new Hosts(db).listed(clock.instant());
    }

    /** Stops ({@code drained}) or restarts new placements on host {@code name}; false when it is not added or is revoked. */
    public boolean drainHost(String name, boolean drained) {
        checkedName("host", name);
        return inStore((drained ? "draining" : "undraining") + " host " + name,
                () -> new Hosts(db).drain(name, drained, clock.instant(), actor));
    }

    /** Revokes host {@code name} and its certificates (no broker accepts its control channel within 1 s); false when unknown. */
    public boolean revokeHost(String name) {
        checkedName("host", name);
        return inStore("revoking host " + name, () -> new Hosts(db).revoke(name, clock.instant(), actor));
    }

    /**
     * Adds remote-access gateway {@code name}, or gives it a new code: returns its one-time
     * enrolment code, valid for 24 h. Show it once; the store keeps only its hash.
     */
    public String addGateway(String name) {
        checkedName("gateway", name);
        return inStore("adding gateway " + name, () -> new Gateways(db).add(name, clock.instant(), actor));
    }

    /** The gateways not revoked, by name. */
    public List<Gateways.Listed> gateways() {
        return inStore("listing gateways", () -> new Gateways(db).listed());
    }

    /** Revokes gateway {@code name} and its certificates (no broker answers it within 1 s); false when unknown or revoked already. */
    public boolean revokeGateway(String name) {
        checkedName("gateway", name);
        return inStore("revoking gateway " + name, () -> new Gateways(db).revoke(name, clock.instant(), actor));
    }

    /**
     * Makes a new TOTP secret for user {@code userId}'s outside sign-ins (the old one stops
     * working) and returns its {@code otpauth://} URI, for that user's phone only. One line when
     * there is no such user.
     */
    public String enrolTotp(String userId) {
        return inStore("enrolling a TOTP secret for " + userId, () -> requireOutside().enrolTotp(userId, actor))
                .orElseThrow(() -> new IllegalArgumentException(OutsideAccess.unknownUser(userId)));
    }

    /** Allows or refuses {@code userId} signing in from outside the hospital; one line when there is no such user. */
    public void setOutside(String userId, boolean allowed) {
        if (!inStore("setting outside access of " + userId, () -> requireOutside().setAllowed(userId, allowed, actor)))
            throw new IllegalArgumentException(OutsideAccess.unknownUser(userId));
    }

    private OutsideAccess requireOutside() {
        if (outside == null) throw new IllegalStateException("users' TOTP secrets need the seal key of the broker's data "
                + "directory: give --key-file F (the brokers') with --db");
        return outside;
    }

    /** One store call; an SQL failure becomes one line saying what was being {@code done}. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws SQLException;
    }

    @FunctionalInterface
    private interface StoreAction {
        void run() throws SQLException;
    }

    private static <T> T inStore(String doing, StoreCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException(doing + ": " + e.getMessage(), e);
        }
    }

    private static void runInStore(String doing, StoreAction action) {
        inStore(doing, () -> {
            action.run();
            return null;
        });
    }

    /** A host's or a gateway's name ({@code kind}) as the store takes it. */
    private static void checkedName(String kind, String name) {
        if (!name.matches("[A-Za-z0-9._:-]{1,64}"))
            throw new IllegalArgumentException("a " + kind + " name is 1..64 characters of A-Z a-z 0-9 . _ : -");
    }

    private static void checkedSite(String site) {
        if (!Hosts.isSite(site))
            throw new IllegalArgumentException("a site is at most 64 characters of A-Z a-z 0-9 . _ : -");
    }

    @Override
    public void close() {
        onClose.run();
    }
}
