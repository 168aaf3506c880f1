package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tierbench.coordinator.trust.Access.Caller;
import dev.tierbench.coordinator.trust.Access.Role;

/**
 * People's credentials, each with a name (the same rule as agents'), a role ({@link Role#READ} or
 * {@link Role#SUBMIT}) and the time it was made, in a {@link CredentialFile} of the state folder: {@code tierbench
 * token user add} makes one, a running coordinator sees it (and a revocation) within a second.
 */
public final class UserCredentials {

  /** The roles a person's credential may carry; the operator's token is the only one holding everything. */
  public static final Set<Role> ROLES = Set.copyOf(EnumSet.of(Role.READ, Role.SUBMIT));

  /** One person's credential, as {@code tierbench token users} lists it. */
  public record User(String name, Role role, Instant created) {}

  private final CredentialFile file;

  UserCredentials(Path file) {
    this.file = new CredentialFile(file, "user", ROLES.stream().map(UserCredentials::grant)
        .collect(Collectors.toSet()));
  }

  /**
   * A new secret for a person named {@code name} with {@code role}; only its hash is kept.
   *
   * @throws IllegalArgumentException for a bad name, a role not in {@link #ROLES}, or a name already in use
   */
  public String add(String name, Role role) throws IOException {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("a user's role is read or submit, not " + role);
    }
    return file.issue(name, grant(role), false);
  }

  /** Removes {@code name}'s credential; false if there was none. */
  public boolean revoke(String name) throws IOException {
    return file.revoke(name);
  }

  /** The person holding {@code secret}, with their role, if it is a current credential. */
  public Optional<Caller> identify(String secret) throws IOException {
    return file.identify(secret).map(c -> new Caller(role(c.grant()), c.name()));
  }

  /** Every person holding a credential, in the order added. */
  public List<User> list() throws IOException {
    return file.all().stream().map(c -> new User(c.name(), role(c.grant()), c.issued())).toList();
  }

  /** How a role is written in the file and on the command line. */
  private static String grant(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** The file was checked on reading: its grants are {@link #ROLES}' names. */
  private static Role role(String grant) {
    return Role.valueOf(grant.toUpperCase(Locale.ROOT));
  }
}
