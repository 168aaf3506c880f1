package dev.tierbench.common.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.tierbench.common.io.InputFiles;

/**
 * Secrets (keys, tokens, credentials) live in files only their owner reads: written 0600 in one step, and refused
 * when read if anyone else may read them, as ssh refuses a private key others can read.
 */
public final class SecretFile {

  /** A secret file is a line or a PEM key, never more. */
  private static final long MAX_BYTES = 64 * 1024;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretFile() {}

  /** Makes {@code dir}, with its parents, and lets its owner alone list or enter it: a folder of secrets. */
  public static void folder(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /** Writes {@code text} to {@code file} readable by its owner only, replacing it in one step. */
  public static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Created 0600 before a byte is written: the secret is never readable by others, not even for a moment.
    Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".part",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * The file's text, stripped.
   *
   * @throws IOException naming the file: missing, not a regular file, readable by group or others, too large
   */
  public static String read(Path file) throws IOException {
    String credentials = System.getenv("CREDENTIALS_DIRECTORY");
    return read(file, credentials == null ? null : Path.of(credentials));
  }

  /**
   * @param credentialsDir systemd's credentials folder for this service, or null: a file there may show group
   *     read, since systemd grants the service's user read access with an ACL (which stat shows as group bits) on
   *     a file root owns and nobody may write
   */
  static String read(Path file, Path credentialsDir) throws IOException {
    InputFiles.requireRegular(file, "secret file");
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    boolean fromSystemd = credentialsDir != null
        && file.toAbsolutePath().normalize().startsWith(credentialsDir.toAbsolutePath().normalize())
        && permissions.stream().noneMatch(p -> p.name().endsWith("WRITE"));
    boolean othersRead = permissions.stream().anyMatch(p -> p.name().startsWith("OTHERS"))
        || (!fromSystemd && permissions.stream().anyMatch(p -> p.name().startsWith("GROUP")));
    if (othersRead) {
      throw new IOException(file + ": readable by others (" + PosixFilePermissions.toString(permissions)
          + "); a secret must be readable by its owner only: chmod 600 " + file);
    }
    return new String(InputFiles.read(file, "secret file", MAX_BYTES), StandardCharsets.UTF_8).strip();
  }
}
