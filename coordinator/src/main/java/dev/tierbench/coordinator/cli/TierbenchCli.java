package dev.tierbench.coordinator.cli;

import dev.tierbench.agent.cli.AgentCommand;
import dev.tierbench.agent.cli.MeasureCommand;
import dev.tierbench.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code tierbench}: the one command line in front of everything. */
@Command(name = "tierbench", mixinStandardHelpOptions = true, version = "tierbench 0.1.0",
    description = "Measure how deep-learning models scale on every tier you deploy to.",
    subcommands = {RunCommand.class, PlanCommand.class, CoordinatorCommand.class, AgentCommand.class, StatusCommand.class, TokenCommand.class,
        SubmitCommand.class, RunsCommand.class, WaitCommand.class, CancelCommand.class,
        ReportCommand.class, RecommendCommand.class, PredictCommand.class,
        MeasureCommand.class, InspectCommand.class, GenerateCommand.class})
public final class TierbenchCli implements Runnable {

  public static void main(String[] args) {
    System.exit(Cli.execute(new TierbenchCli(), args));
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
