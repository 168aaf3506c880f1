package dev.tierbench.common.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import dev.tierbench.common.config.ConfigDefaultProvider;
import dev.tierbench.common.config.ConfigException;
import dev.tierbench.common.config.Durations;
import dev.tierbench.common.yaml.YamlException;
import picocli.CommandLine;

/**
 * Builds tierbench's command lines the same way everywhere: defaults from the config file and
 * {@code Defaults}, human durations, and a user error printed as its message alone, never a stack trace.
 */
public final class Cli {

  /** Exit status for an error in what the user asked (bad input, unreachable peers). */
  public static final int USER_ERROR = 1;
  /** Exit status for a command line that does not parse. */
  public static final int USAGE = 2;

  private Cli() {}

  public static CommandLine commandLine(Object command, String[] args) {
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(ConfigDefaultProvider.fromArgs(args));
    cli.registerConverter(Duration.class, Cli::duration);
    cli.setExecutionExceptionHandler(Cli::handle);
    cli.setParameterExceptionHandler(Cli::usage);
    return cli;
  }

  /**
   * A command line that does not parse, or a flag whose value is refused before anything starts: one line saying
   * what and where to look, not the whole usage text (which buries the reason under a screenful of options).
   */
  private static int usage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String message = e.getMessage().lines().map(String::strip).collect(Collectors.joining(" "));
    err.println("tierbench: " + message + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
        + " --help')");
    err.flush();
    return USAGE;
  }

  /** A duration flag; picocli quotes a converter's own exception type as it is, any other wrapped in its class name. */
  private static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** Parses {@code args}, runs the command and returns its exit status. */
  public static int execute(Object command, String[] args) {
    try {
      return commandLine(command, args).execute(args);
    } catch (ConfigException e) {
      System.err.println("tierbench: " + e.getMessage());
      return USAGE;
    }
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    Throwable cause = unwrap(e);
    PrintWriter err = cli.getErr();
    if (isUserError(cause)) {
      err.println("tierbench: " + cause.getMessage());
      err.flush();
      return USER_ERROR;
    }
    err.println("tierbench: internal error: " + cause);
    cause.printStackTrace(err);
    err.flush();
    return 3;
  }

  /** Errors whose message is complete for the user: input, configuration, or a refusal by a peer. */
  public static boolean isUserError(Throwable e) {
    return e instanceof YamlException || e instanceof ConfigException || e instanceof UserException
        || e instanceof IllegalArgumentException;
  }

  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
