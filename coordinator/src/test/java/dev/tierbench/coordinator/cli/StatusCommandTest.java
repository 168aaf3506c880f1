package dev.tierbench.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.TestTrust;
import dev.tierbench.coordinator.http.SecuredHttp;

/** {@code tierbench status} asks as the operator, over TLS, trusting only the state folder's authority. */
class StatusCommandTest {

  @TempDir
  Path dir;

  @Test
  void statusReadsTheOperatorTokenAndTheAuthorityFromTheStateFolder() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, true)) {
      Outcome ok = Outcome.tierbench("status", "--coordinator", server.base(), "--state-dir",
          dir.resolve("state").toString());
      assertEquals(0, ok.status(), ok.err());
      assertTrue(ok.out().startsWith("coordinator secured (protocol v1)"), ok.out());

      Outcome missing = Outcome.tierbench("status", "--coordinator", server.base(), "--state-dir",
          dir.resolve("nothing").toString());
      assertEquals(1, missing.status(), missing.err());
      assertTrue(missing.err().contains("no operator token in " + dir.resolve("nothing") + ": run status on the"
          + " coordinator's machine, or pass --state-dir"), missing.err());

      // Another coordinator's folder: its authority is not the one this server's certificate comes from.
      Path other = dir.resolve("other");
      TestTrust.folder(other);
      Outcome stranger = Outcome.tierbench("status", "--coordinator", server.base(), "--state-dir",
          other.resolve("state").toString());
      assertEquals(1, stranger.status(), stranger.err());
      assertTrue(stranger.err().contains("cannot reach the coordinator at " + server.base() + "/api/status"),
          stranger.err());
    }
  }

  @Test
  void aPersonsTokenFileAloneReachesTheCoordinatorFromAnywhere() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, true)) {
      Path state = dir.resolve("state");
      Outcome added = Outcome.tierbench("token", "user", "add", "bob", "--role", "read", "--state-dir",
          state.toString());
      Path tokenFile = dir.resolve("laptop").resolve("tierbench-token");
      SecretFile.write(tokenFile, added.out());
      // No state folder where it runs: the token file holds the secret and the authority to pin.
      Outcome ok = Outcome.tierbench("status", "--coordinator", server.base(), "--token-file", tokenFile.toString(),
          "--state-dir", dir.resolve("nothing").toString());
      assertEquals(0, ok.status(), ok.err());
      assertTrue(ok.out().startsWith("coordinator secured (protocol v1)"), ok.out());

      Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
      Outcome open = Outcome.tierbench("status", "--coordinator", server.base(), "--token-file", tokenFile.toString());
      assertEquals(1, open.status());
      assertTrue(open.err().contains("token-file " + tokenFile + ": " + tokenFile + ": readable by others"),
          open.err());

      Path garbage = dir.resolve("garbage");
      SecretFile.write(garbage, "not-a-token\n");
      Outcome bad = Outcome.tierbench("status", "--coordinator", server.base(), "--token-file", garbage.toString());
      assertEquals(1, bad.status());
      assertTrue(bad.err().contains("token-file " + garbage + ": not a user token: expected tb1."), bad.err());
      assertTrue(!bad.err().contains("not-a-token"), "the text is never repeated: it may be a secret");

      Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
      assertEquals(0, Outcome.tierbench("token", "user", "revoke", "bob", "--state-dir", state.toString()).status());
      Outcome revoked = Outcome.tierbench("status", "--coordinator", server.base(), "--token-file",
          tokenFile.toString());
      assertEquals(1, revoked.status());
      assertTrue(revoked.err().contains("refused the token in " + tokenFile + " (HTTP 401): it was revoked"),
          revoked.err());

      // Another coordinator's person: its token pins another authority, refused before any secret is sent.
      Path other = dir.resolve("other");
      Path otherState = TestTrust.folder(other).dir();
      Path stranger = dir.resolve("stranger-token");
      SecretFile.write(stranger, Outcome.tierbench("token", "user", "add", "eve", "--state-dir",
          otherState.toString()).out());
      Outcome refused = Outcome.tierbench("status", "--coordinator", server.base(), "--token-file",
          stranger.toString());
      assertEquals(1, refused.status());
      assertTrue(refused.err().contains("cannot reach the coordinator at " + server.base() + "/api/status"),
          refused.err());
    }
  }
}
