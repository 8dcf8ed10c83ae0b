package org.rounds.cli.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.Hosts;

/**
 * Where a store tool ({@code enroll}, {@code users}, {@code kiosk}, {@code endpoints}) makes its changes: a running
 * broker's admin API with {@code --broker}, else the store itself (--data / --db), as before; {@code hosts},
 * {@code gateways} and {@code users totp|outside} too.
 */
interface AdminTarget extends AutoCloseable {
    /** Creates or renames the user, binds the badge, and sets the PIN and password when not null. */
    void enroll(String userId, String displayName, String badge, String pin, String password);

    List<Directory.User> users();

    void assignKiosk(String endpointId, String userId, String displayName);

    /** Adds (or re-adds) an endpoint for enrolment at {@code site} (empty: any); its one-time code, to show once. */
    String addEndpoint(String endpointId, String kind, String location, String site);

    /** False when no such endpoint was added. */
    boolean revokeEndpoint(String endpointId);

    List<Enrolments.Endpoint> endpoints();

    /** Adds (or re-adds) a desktop host for enrolment at {@code site} (empty: none); its one-time code, to show once. */
    String addHost(String name, String site);

    /** The hosts not revoked, by name, with their state now. */
    List<Hosts.Listed> hosts();

    /** Stops ({@code drained}) or restarts new placements on the host; false when it was not added or is revoked. */
    boolean drainHost(String name, boolean drained);

    /** False when no such host was added. */
    boolean revokeHost(String name);

    /** Adds (or re-adds) a remote-access gateway for enrolment; its one-time code, to show once. */
    String addGateway(String name);

    /** The gateways not revoked, by name. */
    List<Gateways.Listed> gateways();

    /** False when no such gateway was added (or it is revoked already). */
    boolean revokeGateway(String name);

    /** A new TOTP secret for the user's outside sign-ins; its otpauth URI, for that user only. One line when there is no such user. */
    String enrolTotp(String userId);

    /** Allows or refuses the user's outside sign-ins; one line when there is no such user. */
    void setOutside(String userId, boolean allowed);

    @Override
    void close();

    static AdminTarget open(AdminApiOptions api, StoreOptions store) {
        return api.remote() ? new Remote(api.login(Clock.systemUTC())) : new Local(store.open());
    }

    /** The store opened directly; changes are audited as the local account running the tool. */
    record Local(StoreAdmin admin) implements AdminTarget {
        @Override public void enroll(String userId, String displayName, String badge, String pin, String password) {
            admin.enroll(userId, displayName, badge);
            if (pin != null) admin.setPin(userId, pin);
            if (password != null) admin.setPassword(userId, password);
        }

        @Override public List<Directory.User> users() { return admin.users(); }

        @Override public void assignKiosk(String endpointId, String userId, String displayName) {
            admin.assignKiosk(endpointId, userId, displayName);
        }

        @Override public String addEndpoint(String endpointId, String kind, String location, String site) {
            return admin.addEndpoint(endpointId, kind, location, site);
        }

        @Override public boolean revokeEndpoint(String endpointId) { return admin.revokeEndpoint(endpointId); }

        @Override public List<Enrolments.Endpoint> endpoints() { return admin.endpoints(); }

        @Override public String addHost(String name, String site) { return admin.addHost(name, site); }

        @Override public List<Hosts.Listed> hosts() { return admin.hosts(); }

        @Override public boolean drainHost(String name, boolean drained) { return admin.drainHost(name, drained); }

        @Override public boolean revokeHost(String name) { return admin.revokeHost(name); }

        @Override public String addGateway(String name) { return admin.addGateway(name); }

        @Override public List<Gateways.Listed> gateways() { return admin.gateways(); }

        @Override public boolean revokeGateway(String name) { return admin.revokeGateway(name); }

        @Override public String enrolTotp(String userId) { return admin.enrolTotp(userId); }

        @Override public void setOutside(String userId, boolean allowed) { admin.setOutside(userId, allowed); }

        @Override public void close() { admin.close(); }
    }

    /** A running broker's admin API; changes are audited as the admin logged in. Closing logs out. */
    record Remote(AdminApiClient api) implements AdminTarget {
        @Override public void enroll(String userId, String displayName, String badge, String pin, String password) {
            if (pin != null && !pin.matches("[0-9]{4,12}")) throw new IllegalArgumentException("a PIN is 4 to 12 digits");
            if (password != null && (password.length() < 8 || password.length() > 256))
                throw new IllegalArgumentException("a password is 8 to 256 characters");
            Map<String, String> body = new LinkedHashMap<>();
            body.put("displayName", displayName);
            body.put("badge", badge);
            if (pin != null) body.put("pin", pin);
            if (password != null) body.put("password", password);
            api.putUser(userId, body);
        }

        @Override public List<Directory.User> users() {
            List<Directory.User> users = new ArrayList<>();
            api.users().forEach(u -> users.add(new Directory.User(u.path("id").asText(), u.path("displayName").asText())));
            return users;
        }

        @Override public void assignKiosk(String endpointId, String userId, String displayName) {
            api.putKiosk(endpointId, userId, displayName);
        }

        @Override public String addEndpoint(String endpointId, String kind, String location, String site) {
            return api.addEndpoint(endpointId, kind, location, site);
        }

        @Override public boolean revokeEndpoint(String endpointId) { return api.revokeEndpoint(endpointId); }

        @Override public List<Enrolments.Endpoint> endpoints() {
            List<Enrolments.Endpoint> all = new ArrayList<>();
            api.enrolments().forEach(e -> all.add(new Enrolments.Endpoint(e.path("id").asText(), e.path("kind").asText(),
                    e.path("location").asText(), e.path("status").asText(), e.path("certificates").asInt())));
            return all;
        }

        @Override public String addHost(String name, String site) { return api.addHost(name, site); }

        @Override public List<Hosts.Listed> hosts() { return api.hosts(); }

        @Override public boolean drainHost(String name, boolean drained) { return api.drainHost(name, drained); }

        @Override public boolean revokeHost(String name) { return api.revokeHost(name); }

        @Override public String addGateway(String name) { return api.addGateway(name); }

        @Override public List<Gateways.Listed> gateways() { return api.gateways(); }

        @Override public boolean revokeGateway(String name) { return api.revokeGateway(name); }

        @Override public String enrolTotp(String userId) { return api.enrolTotp(userId); }

        @Override public void setOutside(String userId, boolean allowed) { api.setOutside(userId, allowed); }

        @Override public void close() { api.close(); }
    }
}
