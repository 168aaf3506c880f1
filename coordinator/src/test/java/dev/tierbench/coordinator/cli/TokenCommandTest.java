package dev.tierbench.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.TestTrust;
import dev.tierbench.coordinator.trust.Access.Caller;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.StateFolder;

/** {@code tierbench token user add|revoke} and {@code token users} on a real state folder. */
class TokenCommandTest {

  @TempDir
  Path dir;

  @Test
  void addPrintsATokenPinningTheAuthorityListShowsItAndRevokeRemovesIt() throws Exception {
    StateFolder state = TestTrust.folder(dir);
    String folder = state.dir().toString();
    Outcome added = Outcome.tierbench("token", "user", "add", "alice", "--role", "submit", "--state-dir", folder);
    assertEquals(0, added.status(), added.err());
    JoinToken token = JoinToken.parse(added.out(), "user token");
    assertEquals(state.caKeySha256(), token.caKeySha256(), "the token alone pins the coordinator's authority");
    assertEquals(Optional.of(new Caller(Role.SUBMIT, "alice")), state.access().identify(token.secret()),
        "a running coordinator knows her");
    assertTrue(added.err().contains("only the token's sha256 is kept"), added.err());

    Outcome reader = Outcome.tierbench("token", "user", "add", "bob", "--state-dir", folder);
    assertEquals(0, reader.status(), reader.err());
    assertEquals(Role.READ, state.access().identify(JoinToken.parse(reader.out()).secret()).orElseThrow().role(),
        "read unless asked");

    Outcome listed = Outcome.tierbench("token", "users", "--state-dir", folder);
    assertEquals(0, listed.status(), listed.err());
    List<String> lines = listed.out().lines().toList();
    assertEquals(2, lines.size(), listed.out());
    assertTrue(lines.get(0).matches("alice\tsubmit\t\\d{4}-\\d\\d-\\d\\dT.*Z"), lines.get(0));
    assertTrue(lines.get(1).startsWith("bob\tread\t"), lines.get(1));
    assertTrue(!listed.out().contains(token.secret()), "no secret listed");

    Outcome revoked = Outcome.tierbench("token", "user", "revoke", "alice", "--state-dir", folder);
    assertEquals(0, revoked.status(), revoked.err());
    assertEquals(Optional.empty(), state.access().identify(token.secret()));
    Outcome again = Outcome.tierbench("token", "user", "revoke", "alice", "--state-dir", folder);
    assertEquals(1, again.status());
    assertTrue(again.err().contains("no user named alice holds a credential in " + folder), again.err());
  }

  @Test
  void aTakenNameABadRoleOrAFolderWithoutACoordinatorIsOneLine() throws Exception {
    String folder = TestTrust.folder(dir).dir().toString();
    assertEquals(0, Outcome.tierbench("token", "user", "add", "alice", "--state-dir", folder).status());
    Outcome taken = Outcome.tierbench("token", "user", "add", "alice", "--role", "submit", "--state-dir", folder);
    assertEquals(1, taken.status());
    assertTrue(taken.err().contains("a user named alice already holds a credential in "), taken.err());
    assertEquals("", taken.out(), "no token printed");

    Outcome role = Outcome.tierbench("token", "user", "add", "carol", "--role", "operator", "--state-dir", folder);
    assertEquals(Cli.USAGE, role.status());
    assertTrue(role.err().contains("'operator' is not a user's role: read or submit"), role.err());

    Outcome name = Outcome.tierbench("token", "user", "add", "../etc", "--state-dir", folder);
    assertEquals(1, name.status());
    assertTrue(name.err().contains("user names hold 1 to 128"), name.err());

    Path empty = dir.resolve("empty");
    Outcome none = Outcome.tierbench("token", "user", "add", "dave", "--state-dir", empty.toString());
    assertEquals(1, none.status());
    assertTrue(none.err().contains("join-token"), none.err());
    assertEquals(List.of(), StateFolder.userCredentials(empty).list(), "no credential its holder could not use");
  }
}
