package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.coordinator.trust.AgentCredentials;
import dev.tierbench.coordinator.trust.StateFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tierbench token}: the coordinator's join token and agent credentials, in its state folder. A running
 * coordinator sees each change within a second: a rotated token joins new agents, a revoked agent's link is closed.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show or rotate the join token; list or revoke agents' credentials.",
    subcommands = {TokenCommand.Show.class, TokenCommand.Rotate.class, TokenCommand.Agents.class,
        TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

  @Override
  public void run() {
    throw new UserException("say what to do: token show | rotate | agents | revoke NAME");
  }

  /** The state folder flag, shared by the subcommands. */
  static final class Folder {
    @Mixin
    ConfigFileOption configFile;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The coordinator's state folder (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    AgentCredentials agents() {
      return StateFolder.agentCredentials(stateDir);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the join token.")
  static final class Show implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Override
    public Integer call() throws IOException {
      System.out.println(readable(() -> dev.tierbench.common.trust.SecretFile.read(
          folder.stateDir.resolve(StateFolder.JOIN_TOKEN)), folder.stateDir));
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Replace the join token; agents holding a credential keep working.")
  static final class Rotate implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Override
    public Integer call() {
      System.out.println(readable(() -> StateFolder.rotateJoinToken(folder.stateDir).toString(), folder.stateDir));
      System.err.println("tierbench: the old join token joins no new agent; agents that joined keep their credentials");
      return 0;
    }
  }

  @Command(name = "agents", mixinStandardHelpOptions = true, description = "List the agents holding a credential.")
  static final class Agents implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Override
    public Integer call() {
      Map<String, String> issued = readable(() -> folder.agents().issued(), folder.stateDir);
      issued.forEach((name, at) -> System.out.println(name + "\t" + at));
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke one agent's credential; a running coordinator closes its link.")
  static final class Revoke implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Parameters(index = "0", paramLabel = "NAME", description = "The agent's name, as `token agents` lists it.")
    String name;

    @Override
    public Integer call() {
      if (!readable(() -> folder.agents().revoke(name), folder.stateDir)) {
        throw new UserException("no agent named " + name + " holds a credential in " + folder.stateDir);
      }
      System.err.println("tierbench: revoked agent " + name);
      return 0;
    }
  }

  /** What the state folder answers, or one line saying why it cannot. */
  private static <T> T readable(IoCall<T> call, Path stateDir) {
    try {
      return call.get();
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("state-dir " + stateDir + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T get() throws IOException;
  }
}
