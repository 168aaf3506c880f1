package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.SecretFile;

/**
 * Named, revocable credentials in a file of the state folder: {@code name TAB sha256(secret) TAB issued-at} per
 * line, then {@code TAB grant} when the holder has one (a user's role). Only hashes are kept, so the file gives no
 * secret away. The running coordinator and {@code tierbench token} share the file: each re-reads it when it
 * changed, so an addition or a revocation takes effect without a restart. Agents' and users' credentials are each
 * one such file.
 */
final class CredentialFile {

  /** A name: what an agent's id may hold, as the agent settings check it; a user's name follows the same rule. */
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  private static final String NAME_RULE = "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";

  /**
   * One holder's credential.
   *
   * @param grant what the holder may do beyond what the file says (a user's role), or blank
   */
  record Credential(String name, String sha256, Instant issued, String grant) {

    Credential {
      if (!validName(name)) {
        throw new IllegalArgumentException("a name holds " + NAME_RULE);
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("a credential's hash is 64 lower-case hex digits");
      }
      if (issued == null || grant == null || !grant.matches("[a-z]*")) {
        throw new IllegalArgumentException("a credential has a time of issue and a grant of lower-case letters");
      }
    }

    private String line() {
      return name + "\t" + sha256 + "\t" + issued + (grant.isEmpty() ? "" : "\t" + grant) + "\n";
    }
  }

  private final Path file;
  /** Who holds credentials here: "agent", "user"; said in refusals. */
  private final String holder;
  /** The grants a line may carry; {@code ""} alone for none. */
  private final Set<String> grants;
  /** hash → credential, as the running coordinator asks it at each connection. */
  private final WatchedFile<Map<String, Credential>> byHash;

  CredentialFile(Path file, String holder, Set<String> grants) {
    this.file = file;
    this.holder = holder;
    this.grants = Set.copyOf(grants);
    this.byHash = new WatchedFile<>(file, f -> {
      Map<String, Credential> hashes = new LinkedHashMap<>();
      read().forEach(c -> hashes.put(c.sha256(), c));
      return Map.copyOf(hashes);
    });
  }

  static boolean validName(String name) {
    return name != null && name.matches(NAME);
  }

  /**
   * A new secret for {@code name}, replacing any it had when {@code replace}, else refused if it has one.
   *
   * @throws IllegalArgumentException for a bad name or grant, or a name already held when not {@code replace}
   */
  synchronized String issue(String name, String grant, boolean replace) throws IOException {
    if (!validName(name)) {
      throw new IllegalArgumentException(holder + " names hold " + NAME_RULE);
    }
    if (!grants.contains(grant)) {
      throw new IllegalArgumentException("'" + grant + "' is not one of " + new TreeSet<>(grants));
    }
    List<Credential> credentials = read();
    boolean held = credentials.removeIf(c -> c.name().equals(name));
    if (held && !replace) {
      throw new IllegalArgumentException("a " + holder + " named " + name + " already holds a credential in " + file
          + ": revoke it first, or choose another name");
    }
    String secret = JoinToken.randomSecret();
    credentials.add(new Credential(name, hash(secret), Instant.now(), grant));
    write(credentials);
    return secret;
  }

  /** Removes {@code name}'s credential; false if it had none. */
  synchronized boolean revoke(String name) throws IOException {
    List<Credential> credentials = read();
    boolean removed = credentials.removeIf(c -> c.name().equals(name));
    if (removed) {
      write(credentials);
    }
    return removed;
  }

  /** Who holds {@code secret}, if it is a current credential (re-reading the file if it changed). */
  synchronized Optional<Credential> identify(String secret) throws IOException {
    return Optional.ofNullable(byHash.get().get(hash(secret)));
  }

  /** Whether {@code name} still holds a credential (re-reading the file if it changed). */
  synchronized boolean holds(String name) throws IOException {
    return byHash.get().values().stream().anyMatch(c -> c.name().equals(name));
  }

  /** Every credential, in the order issued. */
  synchronized List<Credential> all() throws IOException {
    return List.copyOf(read());
  }

  /**
   * The file's credentials; none when it is missing.
   *
   * @throws IOException naming the file and line of one that does not read: a hand-edited file is refused whole
   *     (nobody it names gets in; the operator's token still works), rather than half-understood
   */
  private List<Credential> read() throws IOException {
    List<Credential> credentials = new ArrayList<>();
    if (!Files.exists(file)) {
      return credentials;
    }
    String[] lines = SecretFile.read(file).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] parts = lines[i].split("\t", -1);
      try {
        if (parts.length != 3 && parts.length != 4) {
          throw new IllegalArgumentException("expected name, sha256, time of issue" + (grants.contains("")
              ? "" : " and " + new TreeSet<>(grants)) + ", separated by tabs");
        }
        Credential c = new Credential(parts[0], parts[1], Instant.parse(parts[2]), parts.length == 4 ? parts[3] : "");
        if (!grants.contains(c.grant())) {
          throw new IllegalArgumentException("'" + c.grant() + "' is not one of " + new TreeSet<>(grants));
        }
        if (credentials.stream().anyMatch(o -> o.name().equals(c.name()))) {
          throw new IllegalArgumentException(c.name() + " is named twice");
        }
        credentials.add(c);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IOException(file + ":" + (i + 1) + ": not a " + holder + " credential: " + e.getMessage(), e);
      }
    }
    return credentials;
  }

  private void write(List<Credential> credentials) throws IOException {
    StringBuilder text = new StringBuilder();
    credentials.forEach(c -> text.append(c.line()));
    SecretFile.write(file, text.toString());
  }

  static String hash(String secret) {
    return HexFormat.of().formatHex(ModelFile.newDigest().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
