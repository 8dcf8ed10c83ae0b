package org.rounds.cli.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.auth.AdminRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rounds broker admins add|list|disable}: the broker's admin accounts. */
@Command(name = "admins", mixinStandardHelpOptions = true,
        description = "Admin accounts of the broker's admin API: viewer (reads), helpdesk (also enrols users, sets PINs "
                + "and passwords), admin (also admins and kiosks). Each logs in with a password and a TOTP code.",
        subcommands = {BrokerAdminsCommand.Add.class, BrokerAdminsCommand.ListAdmins.class, BrokerAdminsCommand.Disable.class})
final class BrokerAdminsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Makes an admin account directly in the store "
            + "(the first admin is made this way). Prints no secret: the TOTP provisioning URI (otpauth://, for an "
            + "authenticator app or --totp-file of the store tools) goes to --totp-file, created with mode 600."})
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "The admin's name, e.g. j.smith.")
        String name;

        @Option(names = "--role", description = "viewer, helpdesk, admin or service. Default for the store's first admin: admin "
                + "(someone must be able to make the others); required after that. service: the default practice's admin who "
                + "works across practices (creates them, reads their usage, looks into any).")
        String role;

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "The practice the admin belongs to; it sees and "
                + "changes that practice only (default: the default practice).")
        String tenant;

        @Option(names = "--password-file", paramLabel = "FILE", required = true,
                description = "The admin's password (12-256 characters), first line of FILE; kept only as a slow hash.")
        Path passwordFile;

        @Option(names = "--totp-file", paramLabel = "OUT", description = "Where to write the TOTP provisioning URI; must not "
                + "exist yet (default: NAME.otpauth in the current directory).")
        Path totpFile;

        @Override
        public Integer call() {
            String password = BrokerCommand.firstLine(passwordFile, "--password-file");
            Path out = totpFile != null ? totpFile : Path.of(name + ".otpauth");
            if (tenant != null) new org.rounds.broker.store.Tenant(tenant);   // a malformed name is one line before anything is made
            try (StoreAdmin admin = store.open()) {
                AdminRole r = role != null ? AdminRole.parse(role) : firstAdminRole(admin);
                // Made before the account, so that an unwritable place fails with nothing created.
                try {
                    Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalArgumentException("--totp-file " + out + " exists already; remove it or name another file");
                } catch (IOException e) {
                    throw new IllegalArgumentException("--totp-file " + out + " cannot be created: " + e.getMessage());
                }
                String uri;
                try {
                    uri = tenant == null ? admin.addAdmin(name, r, password)
                            : admin.addAdminIn(new org.rounds.broker.store.Tenant(tenant), name, r, password);
                } catch (RuntimeException e) {
                    deleteQuietly(out);
                    throw e;
                }
                try {
                    Files.writeString(out, uri + "\n");
                } catch (IOException e) {
                    throw new IllegalStateException("admin " + name + " was added but its TOTP URI could not be written to " + out
                            + ": disable it ('rounds broker admins disable " + name + "') and add it again");
                }
                spec.commandLine().getOut().println("admin " + name + " added (role " + r.wire()
                        + (tenant == null ? "" : ", practice " + tenant) + "); TOTP secret written to " + out);
            }
            return 0;
        }

        /** Without --role: the store's first admin is an admin; later ones must be given a role. */
        private static AdminRole firstAdminRole(StoreAdmin admin) {
            if (!admin.adminAccounts().isEmpty())
                throw new IllegalArgumentException("--role is required once the store has an admin: viewer, helpdesk, admin or service");
            return AdminRole.ADMIN;
        }

        private static void deleteQuietly(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: it is empty
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the admin accounts, one per line: name, role, created, enabled or disabled.")
    static final class ListAdmins implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();
        @Mixin AdminApiOptions api = new AdminApiOptions();

        @Option(names = "--tenant", paramLabel = "PRACTICE", description = "On the store: that practice's admins (default: the "
                + "default practice's). Through --broker: your account's practice.")
        String tenant;

        @Override
        public Integer call() {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (api.remote() && tenant != null)
                throw new IllegalArgumentException("--tenant works on the store (--data or --db); through --broker you see your admin account's practice");
            if (api.remote()) {
                try (AdminApiClient c = api.login(Clock.systemUTC())) {
                    c.admins().forEach(a -> out.println(a.path("name").asText() + "\t" + a.path("role").asText() + "\t"
                            + a.path("createdAt").asText() + "\t" + (a.path("disabled").asBoolean() ? "disabled" : "enabled")));
                }
                return 0;
            }
            try (StoreAdmin admin = store.open()) {
                (tenant == null ? admin.adminAccounts() : admin.adminAccountsIn(new org.rounds.broker.store.Tenant(tenant))).forEach(a -> out.println(a.name() + "\t" + a.role().wire() + "\t" + a.createdAt() + "\t"
                        + (a.disabled() ? "disabled" : "enabled")));
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables an admin account and ends its sessions at once.")
    static final class Disable implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin StoreOptions store = new StoreOptions();
        @Mixin AdminApiOptions api = new AdminApiOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (api.remote()) {
                try (AdminApiClient c = api.login(Clock.systemUTC())) {
                    c.disableAdmin(name);
                }
            } else {
                try (StoreAdmin admin = store.open()) {
                    if (!admin.disableAdmin(name))
                        throw new IllegalArgumentException("no admin " + name + "; 'rounds broker admins list' shows them");
                }
            }
            spec.commandLine().getOut().println("admin " + name + " disabled");
            return 0;
        }
    }
}
