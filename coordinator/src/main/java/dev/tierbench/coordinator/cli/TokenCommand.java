package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.AgentCredentials;
import dev.tierbench.coordinator.trust.StateFolder;
import dev.tierbench.coordinator.trust.UserCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tierbench token}: the coordinator's join token, agent credentials and people's credentials, in its state
 * folder. A running coordinator sees each change within a second: a rotated token joins new agents, a revoked
 * agent's link is closed, a person added may sign in and a person revoked is refused.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show or rotate the join token; list or revoke agents' credentials; add, list or revoke people's.",
    subcommands = {TokenCommand.Show.class, TokenCommand.Rotate.class, TokenCommand.Agents.class,
        TokenCommand.Revoke.class, TokenCommand.Users.class, TokenCommand.User.class})
public final class TokenCommand implements Runnable {

  @Override
  public void run() {
    throw new UserException("say what to do: token show | rotate | agents | revoke NAME | users"
        + " | user add NAME --role read|submit | user revoke NAME");
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

    UserCredentials users() {
      return StateFolder.userCredentials(stateDir);
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

  @Command(name = "users", mixinStandardHelpOptions = true,
      description = "List the people holding a credential: name, role, when it was made.")
  static final class Users implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Override
    public Integer call() {
      readable(() -> folder.users().list(), folder.stateDir).forEach(u -> System.out.println(u.name() + "\t"
          + u.role().name().toLowerCase(Locale.ROOT) + "\t" + u.created()));
      return 0;
    }
  }

  @Command(name = "user", mixinStandardHelpOptions = true, description = "Add or revoke a person's credential.",
      subcommands = {UserAdd.class, UserRevoke.class})
  static final class User implements Runnable {
    @Override
    public void run() {
      throw new UserException("say what to do: token user add NAME --role read|submit | user revoke NAME");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Give a person a credential of their own and print their token, once.")
  static final class UserAdd implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Parameters(index = "0", paramLabel = "NAME", description = "Who holds it, recorded with each run they submit.")
    String name;

    @Option(names = "--role", paramLabel = "read|submit", converter = UserRoleConverter.class,
        description = "read: the live page and the API's answers; submit: also submit and cancel runs"
            + " (default: ${DEFAULT-VALUE}).")
    Role role;

    @Override
    public Integer call() {
      // The pin first: a folder no coordinator has opened gets no credential its holder could not use.
      JoinToken token = readable(() -> new JoinToken(StateFolder.pin(folder.stateDir),
          folder.users().add(name, role)), folder.stateDir);
      System.out.println(token);
      System.err.println("tierbench: added " + role.name().toLowerCase(Locale.ROOT) + " user " + name + "; only the"
          + " token's sha256 is kept, so this is its one showing: give it to " + name + " as a file only they may read"
          + " (chmod 600), for --token-file; it also pins this coordinator's certificate authority");
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a person's credential; a running coordinator refuses it within a second.")
  static final class UserRevoke implements Callable<Integer> {
    @Mixin
    Folder folder;

    @Parameters(index = "0", paramLabel = "NAME", description = "The person's name, as `token users` lists it.")
    String name;

    @Override
    public Integer call() {
      if (!readable(() -> folder.users().revoke(name), folder.stateDir)) {
        throw new UserException("no user named " + name + " holds a credential in " + folder.stateDir);
      }
      System.err.println("tierbench: revoked user " + name);
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
