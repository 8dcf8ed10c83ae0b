package org.rounds.broker.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;

/**
 * What every module that enrols with the broker CA (endpoint, desktop host, gateway) does with a
 * key of its own: make it, write it and its certificate privately, and check that a key fits a
 * certificate. JDK only; each caller turns an {@link IOException} into its own one-line error.
 */
public final class OwnKeys {
    private OwnKeys() {}

    /** A new EC P-256 key pair, the kind the broker CA certifies. */
    public static KeyPair newP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code text} under a temporary name created with {@code mode} (never a moment with a
     * wider one: the mode is given at creation, and set again since a umask only removes bits; on a
     * file system without POSIX modes, none), then moves it over {@code file}. A temporary file of
     * ours is removed on failure; a {@link FileAlreadyExistsException} means another file was in
     * the way, and it is left alone.
     */
    public static void write(Path file, String text, String mode) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) ch.write(b);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        try {
            if (posix) Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the write failed already; that is what to report
        }
    }

    /** True when {@code key} signs what {@code certified} verifies: EC, RSA and EdDSA alike. */
    public static boolean fits(PrivateKey key, PublicKey certified) {
        try {
            String alg = switch (key.getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> key.getAlgorithm();
            };
            byte[] probe = "rounds key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(certified);
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
