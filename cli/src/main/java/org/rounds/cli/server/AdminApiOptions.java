package org.rounds.cli.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.rounds.broker.auth.Totp;
import picocli.CommandLine.Option;

/**
 * The options of a store tool that reaches a running broker through its admin API instead of
 * opening the store. The TOTP code comes from {@code --totp-file} (the otpauth:// URI that
 * {@code rounds broker admins add} wrote: the tool computes the current code, so a script needs
 * no phone), else {@code --totp CODE}, else one line of standard input.
 */
final class AdminApiOptions {
    @Option(names = "--broker", paramLabel = "URL", description = "Reach a running broker through its admin API "
            + "(https://host:8443) instead of opening its store with --data / --db.")
    URI broker;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "PEM certificate(s) to trust for --broker "
            + "(the broker's tls/dev-ca.pem or your CA); default: the system's trust store.")
    Path brokerCa;

    @Option(names = "--admin", paramLabel = "NAME", description = "Admin account to log in as, with --broker.")
    String admin;

    @Option(names = "--admin-password-file", paramLabel = "FILE", description = "The admin's password, first line of FILE.")
    Path passwordFile;

    @Option(names = "--totp-file", paramLabel = "FILE", description = "The admin's otpauth:// URI (as 'rounds broker admins add' "
            + "wrote it); the current code is computed from it.")
    Path totpFile;

    @Option(names = "--totp", paramLabel = "CODE", description = "The admin's current 6-digit code (else --totp-file, else "
            + "read from standard input).")
    String totp;

    /** Whether the tool goes through a broker rather than the store. */
    boolean remote() {
        if (broker == null) {
            if (admin != null || passwordFile != null || totpFile != null || totp != null || brokerCa != null)
                throw new IllegalArgumentException("--admin, --admin-password-file, --totp, --totp-file and --broker-ca need --broker URL");
            return false;
        }
        if (admin == null || passwordFile == null)
            throw new IllegalArgumentException("--broker needs --admin NAME and --admin-password-file FILE");
        return true;
    }

    /** Logs in to the broker; close the client to log out. */
    AdminApiClient login(Clock clock) {
        String password = BrokerCommand.firstLine(passwordFile, "--admin-password-file");
        String code;
        if (totp != null) code = totp.strip();
        else if (totpFile != null) {
            byte[] secret;
            try {
                secret = Totp.secretOf(BrokerCommand.firstLine(totpFile, "--totp-file"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--totp-file " + totpFile + ": " + e.getMessage());
            }
            code = Totp.code(secret, clock.instant());
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) throw new IllegalArgumentException("no TOTP code: give --totp CODE, --totp-file FILE or type it on standard input");
                code = line.strip();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the TOTP code cannot be read from standard input: " + e.getMessage());
            }
        }
        return AdminApiClient.login(broker, brokerCa, admin, password, code);
    }
}
