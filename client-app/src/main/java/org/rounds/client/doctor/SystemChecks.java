package org.rounds.client.doctor;

import org.rounds.broker.api.OneLine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of the JVM, JavaFX, the X display and the loopback network. */
final class SystemChecks {

    static final int MINIMUM_JAVA = 17;
    static final int DEFAULT_BROKER_PORT = 8443;
    private static final Pattern LOCAL_DISPLAY = Pattern.compile("^(unix)?:(\\d+)(\\.\\d+)?$");

    private SystemChecks() {}

    static Check java(Runtime.Version version) {
        String found = version.toString() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")";
        if (version.feature() >= MINIMUM_JAVA) {
            return Check.ok("Java", found);
        }
        return Check.missing("Java", found + " is too old: install Java " + MINIMUM_JAVA
                + " or newer (apt-get install openjdk-17-jre)");
    }

    static Check javafx() {
        ClassLoader loader = SystemChecks.class.getClassLoader();
        try {
            Class.forName("javafx.application.Platform", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Check.missing("JavaFX", "JavaFX classes not found: use the rounds jar that bundles JavaFX 21");
        }
        String version = javafxVersion(loader);
        try {
            // Loads (and unpacks under javafx.cachedir) the software renderer's native library.
            Class<?> nativeLoader = Class.forName("com.sun.glass.utils.NativeLibLoader", true, loader);
            Method load = nativeLoader.getMethod("loadLibrary", String.class);
            load.invoke(null, "prism_sw");
            return Check.ok("JavaFX", version + ", native renderer loads");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e;
            return Check.missing("JavaFX", version + " classes present but natives do not load ("
                    + OneLine.withType(cause) + "): use the rounds jar built for this OS and CPU");
        }
    }

    private static String javafxVersion(ClassLoader loader) {
        try {
            Class<?> info = Class.forName("com.sun.javafx.runtime.VersionInfo", true, loader);
            return "JavaFX " + info.getMethod("getRuntimeVersion").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "JavaFX (version unknown)";
        }
    }

    /** Whether {@code display} (the DISPLAY variable) names a local X server whose socket answers. */
    static Check xDisplay(String display) {
        return xDisplay(display, Path.of("/tmp/.X11-unix"));
    }

    static Check xDisplay(String display, Path socketDir) {
        if (display == null || display.isBlank()) {
            return Check.missing("X display", "DISPLAY is not set: the endpoint window needs X"
                    + " (a desktop session, or for a kiosk test: apt-get install xvfb)");
        }
        Matcher m = LOCAL_DISPLAY.matcher(display.strip());
        if (!m.matches()) {
            return Check.ok("X display", "DISPLAY=" + display + " is a remote or TCP display (not probed)");
        }
        Path socket = socketDir.resolve("X" + m.group(2));
        if (!Files.exists(socket)) {
            return Check.missing("X display", "DISPLAY=" + display + " but " + socket + " does not exist:"
                    + " no X server is running on that display");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return Check.ok("X display", "DISPLAY=" + display + " answers on " + socket);
        } catch (IOException | UnsupportedOperationException e) {
            return Check.missing("X display", "DISPLAY=" + display + " but " + socket + " refuses connections"
                    + " (stale socket of a dead X server?)");
        }
    }

    static Check loopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Check.ok("loopback ports", "127.0.0.1 can listen (got port " + s.getLocalPort() + ")");
        } catch (IOException e) {
            return Check.missing("loopback ports", "cannot listen on 127.0.0.1: " + e.getMessage()
                    + " (is the loopback interface up?)");
        }
    }

    static Check portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return Check.ok("broker port", port + " is free on 127.0.0.1");
        } catch (IOException e) {
            return Check.missing("broker port", port + " is in use on 127.0.0.1 (a broker already running?"
                    + " start this one with another --port)");
        }
    }
}
