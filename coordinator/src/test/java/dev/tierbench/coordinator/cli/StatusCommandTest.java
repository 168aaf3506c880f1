package dev.tierbench.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
