package dev.tierbench.common.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.io.RefusedFileException;

class SecretFileTest {

  @TempDir
  Path dir;

  @Test
  void writtenForItsOwnerOnlyAndReadBack() throws IOException {
    Path file = dir.resolve("sub").resolve("token");
    SecretFile.write(file, "s3cret\n");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("s3cret", SecretFile.read(file));
    try (var leftovers = Files.list(file.getParent())) {
      assertEquals(1, leftovers.count(), "no partial file is left behind");
    }
  }

  @Test
  void aSecretOthersMayReadIsRefused() throws IOException {
    Path file = dir.resolve("token");
    SecretFile.write(file, "s3cret");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> SecretFile.read(file));
    assertTrue(e.getMessage().contains("readable by others (rw-r--r--)") && e.getMessage().contains("chmod 600"),
        e.getMessage());
  }

  @Test
  void systemdsCredentialsMayShowGroupReadButNothingElse() throws IOException {
    Path credentials = dir.resolve("credentials");
    Path token = credentials.resolve("join-token");
    SecretFile.write(token, "s3cret");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("r--r-----"));
    assertEquals("s3cret", SecretFile.read(token, credentials), "systemd's ACL shows as group read");
    assertThrows(IOException.class, () -> SecretFile.read(token, dir.resolve("elsewhere")));
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
    assertThrows(IOException.class, () -> SecretFile.read(token, credentials), "a writable one is not systemd's");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("r--r--r--"));
    assertThrows(IOException.class, () -> SecretFile.read(token, credentials));
  }

  @Test
  void aMissingOrOddFileIsNamed() throws IOException {
    assertThrows(RefusedFileException.class, () -> SecretFile.read(dir.resolve("absent")));
    Files.createDirectory(dir.resolve("folder"));
    assertThrows(RefusedFileException.class, () -> SecretFile.read(dir.resolve("folder")));
    Path big = dir.resolve("big");
    SecretFile.write(big, "x".repeat(70_000));
    assertThrows(RefusedFileException.class, () -> SecretFile.read(big));
  }
}
