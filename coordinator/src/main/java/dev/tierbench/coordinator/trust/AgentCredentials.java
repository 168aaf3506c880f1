package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials agents got in exchange for the join token, one per agent name, in a {@link CredentialFile} of
 * the state folder. A revocation ({@code tierbench token revoke}) takes effect without a restart.
 */
public final class AgentCredentials {

  private final CredentialFile file;

  AgentCredentials(Path file) {
    this.file = new CredentialFile(file, "agent", Set.of(""));
  }

  /** Whether {@code name} may be given a credential. */
  public static boolean validName(String name) {
    return CredentialFile.validName(name);
  }

  /**
   * A new credential for {@code name}, replacing any it had (an agent that lost its state joins again with the
   * token).
   */
  public String issue(String name) throws IOException {
    return file.issue(name, "", true);
  }

  /** Removes {@code name}'s credential; false if it had none. */
  public boolean revoke(String name) throws IOException {
    return file.revoke(name);
  }

  /** The name of the agent holding {@code credential}, if it is a current credential. */
  public Optional<String> identify(String credential) throws IOException {
    return file.identify(credential).map(CredentialFile.Credential::name);
  }

  /** Whether {@code name} still holds a credential (re-reading the file if it changed). */
  public boolean holds(String name) throws IOException {
    return file.holds(name);
  }

  /** Every agent name holding a credential, with when it was issued. */
  public Map<String, String> issued() throws IOException {
    Map<String, String> issued = new LinkedHashMap<>();
    file.all().forEach(c -> issued.put(c.name(), c.issued().toString()));
    return issued;
  }
}
