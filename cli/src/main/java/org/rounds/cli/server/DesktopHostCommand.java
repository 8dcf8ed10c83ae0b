package org.rounds.cli.server;

import java.net.InetAddress;
import java.util.concurrent.Callable;
import org.rounds.host.ClinicalDesktop;
import org.rounds.host.VncPasswords;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "desktop-host", mixinStandardHelpOptions = true,
        description = {"Serves one embedded clinical demo desktop over RFB on 127.0.0.1, for any VNC viewer,",
                "e.g. 'vncviewer 127.0.0.1::5907'. Without --no-auth a VNC password is made up and printed once."})
public final class DesktopHostCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "RFB port on 127.0.0.1 (0 picks a free one).")
    int port;

    @Option(names = "--no-auth", description = "Admit viewers without a password (security type None).")
    boolean noAuth;

    @Option(names = "--user", defaultValue = "demo", description = "User id shown on the desktop (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--name", defaultValue = "Demo Clinician", description = "Display name on the desktop (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + " is outside 0..65535");
        ClinicalDesktop desktop = new ClinicalDesktop(user, name);
        String password = noAuth ? null : VncPasswords.random();
        RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(port).source(desktop)
                .security(noAuth ? ServerSecurity.none() : ServerSecurity.fixedPassword(password)).build();
        server.start();
        System.out.println("desktop-host serving \"" + desktop.name() + "\" on 127.0.0.1:" + server.port()
                + (noAuth ? " without authentication" : " with VNC password " + password));
        UntilStopped.await("rounds-desktop-host", server::close);
        return 0;
    }

}
