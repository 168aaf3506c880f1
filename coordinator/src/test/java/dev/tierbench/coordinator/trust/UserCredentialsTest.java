package dev.tierbench.coordinator.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.trust.Access.Caller;
import dev.tierbench.coordinator.trust.Access.Role;

/** People's credentials in a real state folder, as the running coordinator's {@link Access} sees them. */
class UserCredentialsTest {

  @TempDir
  Path dir;

  @Test
  void aPersonsSecretIdentifiesThemWithTheirRoleAndTheOperatorKeepsItsName() throws IOException {
    StateFolder state = StateFolder.open(dir.resolve("state"), List.of("127.0.0.1"), null, null);
    Access access = state.access();
    // Added by `tierbench token user add`, another process with its own view of the folder.
    UserCredentials command = StateFolder.userCredentials(state.dir());
    String alice = command.add("alice", Role.SUBMIT);
    String bob = command.add("bob", Role.READ);
    assertEquals(Optional.of(new Caller(Role.SUBMIT, "alice")), access.identify(alice));
    assertEquals(Optional.of(new Caller(Role.READ, "bob")), access.identify(bob));
    assertEquals(Optional.of(new Caller(Role.OPERATOR, "operator")), access.identify(state.operatorToken()));
    assertEquals(List.of("alice", "bob"), access.users().list().stream().map(UserCredentials.User::name).toList());
    assertEquals(Role.SUBMIT, access.users().list().get(0).role());
    assertTrue(Files.exists(state.dir().resolve(StateFolder.USERS)));

    // The whole token the command printed is theirs too (pasted into the login page), for this authority only.
    assertEquals(Optional.of(new Caller(Role.READ, "bob")),
        access.identify(new JoinToken(state.caKeySha256(), bob).toString()));
    assertEquals(Optional.empty(), access.identify(new JoinToken("0".repeat(64), bob).toString()),
        "another coordinator's token with the same secret is not this one's");

    assertTrue(command.revoke("bob"));
    assertEquals(Optional.empty(), access.identify(bob));
    assertEquals(Role.SUBMIT, access.identify(alice).orElseThrow().role(), "the others keep theirs");
  }

  @Test
  void onlyReadAndSubmitAreAPersonsRoles() throws IOException {
    UserCredentials users = StateFolder.userCredentials(dir);
    for (Role role : Role.values()) {
      if (UserCredentials.ROLES.contains(role)) {
        assertTrue(role.person());
        continue;
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> users.add("x", role));
      assertEquals("a user's role is read or submit, not " + role, e.getMessage());
    }
    assertTrue(Role.OPERATOR.person());
    assertFalse(Role.AGENT.person() || Role.JOIN.person() || Role.SCRAPE.person());
    assertEquals(List.of(), users.list(), "nothing was added");
  }
}
