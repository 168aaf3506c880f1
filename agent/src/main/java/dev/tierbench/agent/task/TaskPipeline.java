package dev.tierbench.agent.task;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.cache.FetchException;
import dev.tierbench.agent.cache.Fetcher;
import dev.tierbench.agent.evaluate.Evaluator;
import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.runtime.EngineUnavailableException;
import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.model.ModelVerifier;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.WireMessage;

/**
 * One leased task, from its files to the message that ends it: fetch the model, wait for the device, measure,
 * evaluate when the task carries a set. Blocking and transport-free: the agent runs it on its measuring thread,
 * never on an event loop. Every way it can end is a message for the coordinator: a {@link TaskResult}, a
 * {@link TaskFailure} that says in one line what went wrong and whether trying again could help, or, when the
 * task was cancelled, a {@link TaskRelease} carrying the reason.
 */
public final class TaskPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(TaskPipeline.class);

  private final AgentInfo agent;
  private final Fetcher fetcher;
  private final DeviceLock deviceLock;
  private final Measurer measurer;
  private final InferenceRuntime runtime;

  /**
   * @param agent who measures: named in every message
   * @param runtime the engines, for the evaluation (the measurer has its own reference)
   */
  public TaskPipeline(AgentInfo agent, Fetcher fetcher, DeviceLock deviceLock, Measurer measurer,
      InferenceRuntime runtime) {
    this.agent = agent;
    this.fetcher = fetcher;
    this.deviceLock = deviceLock;
    this.measurer = measurer;
    this.runtime = runtime;
  }

  /**
   * Runs {@code current} to its end, telling {@code listener} each phase as it starts.
   *
   * @param modelsUrl where the coordinator serves the task's files
   */
  public WireMessage run(ActiveTask current, String modelsUrl, ProgressListener listener) {
    TaskSpec task = current.assignment().task();
    try {
      listener.progress(Phase.DOWNLOADING, 0, 0);
      Path model = fetcher.fetch(task.model(), task.params().engine().format(), modelsUrl);
      // Checked here, before the device is taken and outside every timed phase: engines read files unchecked.
      ModelVerifier.verify(model);
      listener.progress(Phase.WAITING_FOR_DEVICE, 0, 0);
      try (DeviceLock.Held device = deviceLock.acquire(current.cancellation())) {
        Measurement measurement = measurer.measure(model, task.params(), task.measure(), listener,
            current.cancellation());
        LOG.info("agent {} measured task {}: {} queries in {} s", agent.agentId(), task.taskId(),
            measurement.queries(), String.format("%.2f", measurement.durationNanos() / 1e9));
        Evaluation evaluation = null;
        if (task.evaluation() != null) {
          listener.progress(Phase.EVALUATING, 0, 0);
          Path setFile = fetcher.fetch(task.evaluation(), modelsUrl);
          try {
            Dataset set = EvalSet.read(setFile);
            evaluation = Evaluator.evaluate(runtime, model, task.params(), set);
          } catch (IllegalArgumentException e) {
            // The set does not fit the model (or is not one): measuring again cannot help.
            return failure(current, "evaluation on " + task.evaluation().name() + ": " + e.getMessage(), false);
          }
          LOG.info("agent {} evaluated task {}: {}", agent.agentId(), task.taskId(), evaluation);
        }
        return new TaskResult(task.taskId(), current.leaseId(), agent.agentId(), agent.hostname(), agent.tier(),
            task.model().sha256(), measurement, evaluation);
      }
    } catch (ModelLoadException | ModelFormatException e) {
      return failure(current, "model " + task.model().name() + ": " + e.getMessage(), false);
    } catch (EngineUnavailableException e) {
      LOG.warn("agent {} cannot run task {}: {}", agent.agentId(), task.taskId(), e.getMessage());
      return failure(current, "agent " + agent.agentId() + " (" + agent.arch() + "): " + e.getMessage(), true);
    } catch (FetchException e) {
      return failure(current, e.getMessage(), e.retryable());
    } catch (Cancellation.CancelledException e) {
      return new TaskRelease(task.taskId(), current.leaseId(), agent.agentId(), e.getMessage());
    } catch (Exception | LinkageError e) {
      LOG.error("agent {} failed task {}", agent.agentId(), task.taskId(), e);
      return failure(current, "agent error: " + e, true);
    }
  }

  private TaskFailure failure(ActiveTask current, String reason, boolean retryable) {
    LOG.warn("agent {} could not measure task {}: {}", agent.agentId(), current.taskId(), reason);
    return new TaskFailure(current.taskId(), current.leaseId(), agent.agentId(), reason, retryable);
  }
}
