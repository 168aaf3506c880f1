package dev.tierbench.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.coordinator.trust.StateFolder;

/** A real state folder for a coordinator under test: its own CA, tokens and agent credentials, on loopback. */
public final class TestTrust {

  private TestTrust() {}

  /** Opens (making it) the state folder {@code dir/state}, its certificate valid for 127.0.0.1 and localhost. */
  public static StateFolder folder(Path dir) {
    try {
      return StateFolder.open(dir.resolve("state"), List.of("127.0.0.1", "localhost"), null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new credential for agent {@code name}, as it would get by joining, for plain HTTP on loopback. */
  public static ClientTrust agent(StateFolder folder, String name) {
    try {
      return new ClientTrust(folder.access().agents().issue(name), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code Authorization} header value that makes a request the operator's. */
  public static String operator(StateFolder folder) {
    try {
      return "Bearer " + folder.operatorToken();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
