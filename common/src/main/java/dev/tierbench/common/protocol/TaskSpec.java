package dev.tierbench.common.protocol;

/** One measurement to make: a trial (model and parameters) on one tier, one repetition of it. */
public record TaskSpec(
    String taskId,
    String runId,
    String trialId,
    String tier,
    int repetition,
    int attempt,
    ModelRef model,
    TrialParams params,
    MeasureSettings measure) {

  public TaskSpec {
    Checks.text(taskId, "taskId");
    Checks.text(runId, "runId");
    Checks.text(trialId, "trialId");
    Checks.text(tier, "tier");
    Checks.positive(repetition, "repetition");
    Checks.positive(attempt, "attempt");
    Checks.present(model, "model");
    Checks.present(params, "params");
    Checks.present(measure, "measure");
  }
}
