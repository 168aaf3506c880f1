package dev.tierbench.coordinator.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named, hashed, revocable credentials both agents and people hold. */
class CredentialFileTest {

  @TempDir
  Path dir;

  private CredentialFile users() {
    return new CredentialFile(dir.resolve("user-credentials"), "user", Set.of("read", "submit"));
  }

  @Test
  void addIdentifyRevokeKeepingOnlyHashesOwnerOnly() throws IOException {
    CredentialFile file = users();
    String alice = file.issue("alice", "submit", false);
    String bob = file.issue("bob", "read", false);
    assertEquals("alice", file.identify(alice).orElseThrow().name());
    assertEquals("submit", file.identify(alice).orElseThrow().grant());
    assertEquals("read", file.identify(bob).orElseThrow().grant());
    assertEquals(Optional.empty(), file.identify(alice + "x"));
    String text = Files.readString(dir.resolve("user-credentials"));
    assertFalse(text.contains(alice) || text.contains(bob), "no secret in the file: " + text);
    assertTrue(text.contains(CredentialFile.hash(alice)), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("user-credentials"))));
    assertEquals(List.of("alice", "bob"), file.all().stream().map(CredentialFile.Credential::name).toList());

    assertTrue(file.revoke("alice"));
    assertFalse(file.revoke("alice"), "revoked once");
    assertEquals(Optional.empty(), file.identify(alice));
    assertTrue(file.holds("bob"));
    assertEquals("bob", file.identify(bob).orElseThrow().name(), "the others keep theirs");
  }

  @Test
  void namesAreUniqueUnlessReplacingAndGrantsAreTheFilesOwn() throws IOException {
    CredentialFile file = users();
    String first = file.issue("alice", "read", false);
    IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
        () -> file.issue("alice", "submit", false));
    assertTrue(taken.getMessage().startsWith("a user named alice already holds a credential in "), taken.getMessage());
    assertEquals("read", file.identify(first).orElseThrow().grant(), "a refused add changes nothing");
    String second = file.issue("alice", "submit", true);
    assertEquals(Optional.empty(), file.identify(first), "replacing drops the old secret");
    assertEquals("submit", file.identify(second).orElseThrow().grant());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> file.issue("carol", "operator", false))
        .getMessage().contains("'operator' is not one of [read, submit]"));
    for (String bad : List.of("", "../etc", "-dash", "has space", "a".repeat(129), "tab\there")) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> file.issue(bad, "read", false)).getMessage()
          .startsWith("user names hold 1 to 128"), bad);
    }
    assertEquals(1, file.all().size());
  }

  @Test
  void anotherProcessesChangeIsSeenAtTheNextQuestion() throws IOException {
    CredentialFile running = users();
    CredentialFile command = users();
    assertEquals(Optional.empty(), running.identify("nobody-yet"), "read once, while the file is missing");
    String alice = command.issue("alice", "read", false);
    assertEquals("alice", running.identify(alice).orElseThrow().name(), "an addition is seen");
    assertTrue(command.revoke("alice"));
    assertEquals(Optional.empty(), running.identify(alice), "a revocation is seen");
  }

  @Test
  void aFileOthersMayReadIsRefusedNamingIt() throws IOException {
    CredentialFile file = users();
    file.issue("alice", "read", false);
    Path path = dir.resolve("user-credentials");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> file.identify("anything"));
    assertTrue(e.getMessage().startsWith(path + ": readable by others"), e.getMessage());
    assertThrows(IOException.class, () -> file.issue("bob", "read", false), "nothing is added to it either");
  }

  @Test
  void aLineThatDoesNotReadRefusesTheFileNamingFileAndLine() throws IOException {
    Path path = dir.resolve("user-credentials");
    String hash = "a".repeat(64);
    String good = "alice\t" + hash + "\t" + Instant.EPOCH + "\tread\n";
    for (String bad : List.of("bob\t" + hash + "\t" + Instant.EPOCH + "\toperator\n",
        "bob\t" + hash.substring(1) + "\t" + Instant.EPOCH + "\tread\n", "bob\t" + hash + "\tyesterday\tread\n",
        "bob only\n", "alice\t" + "b".repeat(64) + "\t" + Instant.EPOCH + "\tread\n")) {
      dev.tierbench.common.trust.SecretFile.write(path, good + bad);
      IOException e = assertThrows(IOException.class, () -> users().all(), bad);
      assertTrue(e.getMessage().startsWith(path + ":2: not a user credential: "), e.getMessage());
      assertFalse(e.getMessage().contains(hash), "no hash repeated: " + e.getMessage());
    }
  }

  @Test
  void agentsFilesOfBeforeStillRead() throws IOException {
    // The agents' file as it was written before people had credentials: three fields, no grant.
    Path path = dir.resolve("agent-credentials");
    AgentCredentials agents = new AgentCredentials(path);
    String credential = agents.issue("pi-7");
    assertEquals("pi-7\t" + CredentialFile.hash(credential) + "\t" + agents.issued().get("pi-7") + "\n",
        Files.readString(path));
    assertEquals(Optional.of("pi-7"), agents.identify(credential));
  }
}
