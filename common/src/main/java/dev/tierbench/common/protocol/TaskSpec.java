package dev.tierbench.common.protocol;

/**
 * One measurement to make: a trial (model and parameters) on one tier, one repetition of it. {@code family}
 * groups the model with its scaled siblings (the agent's latency metrics are labelled by it, not by model).
 * {@code evaluation}: the held-out set to measure the model's accuracy on after timing it, or null.
 */
public record TaskSpec(
    String taskId,
    String runId,
    String trialId,
    String tier,
    int repetition,
    int attempt,
    ModelRef model,
    TrialParams params,
    MeasureSettings measure,
    String family,
    EvalRef evaluation) {

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
    Checks.text(family, "family");
  }

  /** A task whose model is its own family, without an evaluation set. */
  public TaskSpec(String taskId, String runId, String trialId, String tier, int repetition, int attempt, ModelRef model,
      TrialParams params, MeasureSettings measure) {
    this(taskId, runId, trialId, tier, repetition, attempt, model, params, measure, model == null ? "" : model.name(),
        null);
  }
}
