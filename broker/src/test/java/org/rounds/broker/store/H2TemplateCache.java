package org.rounds.broker.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * {@link H2Templates}' scripts kept between test JVMs in {@code rounds.test.h2.templates} (the
 * module's {@code target/h2-templates}, which the build sets): a test JVM's first Flyway migration
 * cost about 1.5 s of CPU with C1 only (loading and warming Flyway and the migrations), in each of
 * the broker's and the cli module's test JVMs. A script is named by a hash of all that makes it: the
 * kind of store and user, the H2 and Flyway jars, {@link H2Templates} itself and every file under
 * {@code db/migration}, so a changed migration, or another H2 or Flyway, makes a new one. Without
 * the property, none is kept.
 */
final class H2TemplateCache {
    static final String DIRECTORY_PROPERTY = "rounds.test.h2.templates";

    private H2TemplateCache() {}

    static List<String> get(String kind, Supplier<List<String>> make) {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || dir.isBlank()) return make.get();
        Path file = null;
        try {
            file = Path.of(dir, key(kind) + ".script");
            if (Files.exists(file)) return read(file);
            List<String> script = make.get();
            write(file, script);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("the H2 template " + (file != null ? file : "in " + dir) + ": " + e.getMessage(), e);
        }
    }

    private static String key(String kind) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((kind + "\n" + where(org.h2.Driver.class) + "\n" + where(Flyway.class) + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream how = H2Templates.class.getResourceAsStream("H2Templates.class")) {
                d.update(how.readAllBytes());   // how the script was made and filtered
            }
            for (var m : migrations().entrySet()) {
                d.update((m.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
                d.update(m.getValue());
            }
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String where(Class<?> c) {
        return String.valueOf(c.getProtectionDomain().getCodeSource().getLocation());
    }

    /** Every file under db/migration on the classpath, by name: in a directory (target/classes) or a jar. */
    private static TreeMap<String, byte[]> migrations() throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (URL url : Collections.list(Database.class.getClassLoader().getResources("db/migration"))) {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection jar = (JarURLConnection) url.openConnection();
                jar.setUseCaches(false);
                try (JarFile j = jar.getJarFile()) {
                    for (var e : Collections.list(j.entries())) {
                        if (!e.isDirectory() && e.getName().startsWith("db/migration/")) {
                            try (InputStream in = j.getInputStream(e)) {
                                files.put(url + e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                Path root = path(url);
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) files.put(p.toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    private static List<String> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int n = in.readInt();
            List<String> script = new ArrayList<>(n);
            for (int i = 0; i < n; i++) script.add(new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8));
            return List.copyOf(script);
        }
    }

    /** Written whole under another name and then moved: a JVM beside this one reads all of it or none. */
    private static void write(Path file, List<String> script) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = Files.createTempFile(file.getParent(), "template", ".part");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(part))) {
            out.writeInt(script.size());
            for (String s : script) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
