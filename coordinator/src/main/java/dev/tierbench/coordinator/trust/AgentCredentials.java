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

  /** A new credential for {@code name}, replacing any it had: the operator's, who provisions agents by hand. */
  public String issue(String name) throws IOException {
    return file.issue(name, "", true);
  }

  /**
   * A credential for {@code name}, or empty if that name holds one: what the join token buys, so that no holder of
   * the token takes a running agent's id over. A revoked name is free again.
   */
  public Optional<String> issueNew(String name) throws IOException {
    // One check and issue: of two joining under one name at once, one gets it.
    synchronized (file) {
      return file.holds(name) ? Optional.empty() : Optional.of(file.issue(name, "", false));
    }
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
