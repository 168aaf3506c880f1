package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.SecretFile;

/**
 * The credentials agents got in exchange for the join token, one per agent name, in a file of the state folder:
 * {@code name TAB sha256(credential) TAB issued-at} per line. Only hashes are kept, so the file gives no agent's
 * credential away. The running coordinator and {@code tierbench token revoke} share the file: each re-reads it
 * when it changed, so a revocation takes effect without a restart.
 */
public final class AgentCredentials {

  /** An agent name: what its id may hold, as the agent settings check it. */
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  private final Path file;
  /** hash → name, as the running coordinator asks it at each connection. */
  private final WatchedFile<Map<String, String>> nameByHash;

  AgentCredentials(Path file) {
    this.file = file;
    this.nameByHash = new WatchedFile<>(file, f -> {
      Map<String, String> byHash = new LinkedHashMap<>();
      read().forEach((hash, line) -> byHash.put(hash, line.split("\t", 2)[0]));
      return Map.copyOf(byHash);
    });
  }

  /** Whether {@code name} may be given a credential. */
  public static boolean validName(String name) {
    return name != null && name.matches(NAME);
  }

  /**
   * A new credential for {@code name}, replacing any it had (an agent that lost its state joins again with the
   * token).
   */
  public synchronized String issue(String name) throws IOException {
    if (!validName(name)) {
      throw new IllegalArgumentException("an agent name holds 1 to 128 letters, digits, '.', '_' or '-'");
    }
    String credential = JoinToken.randomSecret();
    Map<String, String> lines = read();
    lines.values().removeIf(line -> line.startsWith(name + "\t"));
    lines.put(hash(credential), name + "\t" + Instant.now());
    write(lines);
    return credential;
  }

  /** Removes {@code name}'s credential; false if it had none. */
  public synchronized boolean revoke(String name) throws IOException {
    Map<String, String> lines = read();
    boolean removed = lines.values().removeIf(line -> line.startsWith(name + "\t"));
    if (removed) {
      write(lines);
    }
    return removed;
  }

  /** The name of the agent holding {@code credential}, if it is a current credential. */
  public synchronized Optional<String> identify(String credential) throws IOException {
    return Optional.ofNullable(nameByHash.get().get(hash(credential)));
  }

  /** Whether {@code name} still holds a credential (re-reading the file if it changed). */
  public synchronized boolean holds(String name) throws IOException {
    return nameByHash.get().containsValue(name);
  }

  /** Every agent name holding a credential, with when it was issued. */
  public synchronized Map<String, String> issued() throws IOException {
    Map<String, String> issued = new LinkedHashMap<>();
    read().values().forEach(line -> {
      String[] parts = line.split("\t", 2);
      issued.put(parts[0], parts.length > 1 ? parts[1] : "");
    });
    return issued;
  }


  /** hash → "name TAB issued-at", as in the file. */
  private Map<String, String> read() throws IOException {
    Map<String, String> lines = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return lines;
    }
    for (String line : SecretFile.read(file).split("\n")) {
      String[] parts = line.split("\t", 3);
      if (parts.length == 3 && validName(parts[0]) && parts[1].matches("[0-9a-f]{64}")) {
        lines.put(parts[1], parts[0] + "\t" + parts[2]);
      }
    }
    return lines;
  }

  private void write(Map<String, String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    lines.forEach((hash, line) -> {
      String[] parts = line.split("\t", 2);
      text.append(parts[0]).append('\t').append(hash).append('\t').append(parts[1]).append('\n');
    });
    SecretFile.write(file, text.toString());
  }

  static String hash(String secret) {
    return HexFormat.of().formatHex(ModelFile.newDigest().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
