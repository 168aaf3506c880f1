package dev.tierbench.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.tierbench.common.protocol.ModelRef;

/** A model file on disk, identified by the sha256 of its bytes; {@code format} from its first bytes. */
public record ModelFile(String name, Path path, String sha256, long bytes, ModelFormat format) {

  /** Reads and hashes {@code path}, telling its format from the same read. */
  public static ModelFile read(String name, Path path) throws IOException {
    MessageDigest digest = newDigest();
    byte[] head;
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
      head = in.readNBytes(8);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return new ModelFile(name, path, HexFormat.of().formatHex(digest.digest()), Files.size(path),
        ModelFormat.of(head));
  }

  public ModelRef ref() {
    return new ModelRef(name, sha256, bytes);
  }

  public static String sha256(Path path) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
