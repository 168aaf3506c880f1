package dev.tierbench.agent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.Models;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.protocol.WireMessage;

/** The task pipeline on real models and the real TFLite interpreter, its files from this disk. */
class TaskPipelineTest {

  private static final MeasureSettings SHORT = new MeasureSettings(3, Duration.ZERO, 20, Duration.ofSeconds(30));

  private static Engines engines;
  private static AgentInfo agent;

  @TempDir
  Path dir;

  private final LocalFiles files = new LocalFiles();
  private final List<Phase> phases = new ArrayList<>();
  private final ProgressListener listener = (phase, done, total) -> phases.add(phase);

  @BeforeAll
  static void start() {
    engines = Engines.of(TfliteRuntime.start());
    agent = HostInfo.describe("agent-1", "local", engines.infos(), Map.of(), "", null);
  }

  private TaskPipeline pipeline() {
    return new TaskPipeline(agent, files, new DeviceLock(dir.resolve("device.lock")),
        new Measurer(engines, SystemMonitor.off()), engines);
  }

  private static ActiveTask task(ModelRef model, EvalRef evaluation) {
    TaskSpec spec = new TaskSpec("task-1", "run", "trial", "local", 1, 1, model, new TrialParams(1, 1, true), SHORT,
        model.name(), evaluation);
    return new ActiveTask(new TaskAssignment("lease-1", spec));
  }

  @Test
  void aRealModelIsFetchedMeasuredUnderTheDeviceLockAndReportedAsAResult() throws Exception {
    ModelRef kws = files.model("kws", Models.KWS);
    WireMessage outcome = pipeline().run(task(kws, null), "http://unused", listener);
    TaskResult result = assertInstanceOf(TaskResult.class, outcome);
    assertEquals(List.of("task-1", "lease-1", "agent-1", "local", kws.sha256()),
        List.of(result.taskId(), result.leaseId(), result.agentId(), result.tier(), result.modelSha256()));
    assertEquals(20, result.measurement().queries());
    assertEquals(20, result.measurement().latency().decode().getTotalCount());
    // Twenty queries of a tiny model end before the first MEASURING report is due.
    assertEquals(List.of(Phase.DOWNLOADING, Phase.WAITING_FOR_DEVICE, Phase.LOADING, Phase.WARMING_UP),
        phases.subList(0, 4));
    assertFalse(phases.contains(Phase.EVALUATING), "no set, no evaluation: " + phases);
  }

  @Test
  void aFileThatCannotBeFetchedFailsTheTaskWithTheFetchersReason() throws Exception {
    ModelRef absent = new ModelRef("absent", "0".repeat(64), 10);
    TaskFailure failure = assertInstanceOf(TaskFailure.class, pipeline().run(task(absent, null), "http://x", listener));
    assertEquals("model absent is not among the local files", failure.reason());
    assertFalse(failure.retryable(), "the fetcher said trying again cannot help");
    assertEquals(List.of(Phase.DOWNLOADING), phases, "nothing runs without the model");
  }

  @Test
  void aCorruptModelFailsTheTaskInOneLineForGood() throws Exception {
    Path corrupt = dir.resolve("corrupt.tflite");
    Files.write(corrupt, "these bytes are not a TFLite flatbuffer".repeat(20).getBytes());
    TaskFailure failure = assertInstanceOf(TaskFailure.class,
        pipeline().run(task(files.model("corrupt", corrupt), null), "http://x", listener));
    assertTrue(failure.reason().startsWith("model corrupt: "), failure.reason());
    assertFalse(failure.reason().contains("\n"), "one line: " + failure.reason());
    assertFalse(failure.retryable(), "the same bytes fail again anywhere");
  }

  @Test
  void aModelThatFailsVerificationFailsBeforeTheDeviceIsTaken() throws Exception {
    byte[] bytes = Files.readAllBytes(Models.KWS);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7FFFFFF0);
    Path hostile = Files.write(dir.resolve("hostile.tflite"), bytes);
    TaskFailure failure = assertInstanceOf(TaskFailure.class,
        pipeline().run(task(files.model("hostile", hostile), null), "http://x", listener));
    assertEquals("model hostile: " + hostile + ": truncated or corrupt TFLite file: the root table offset 2147483632"
        + " lies outside the file (53936 bytes)", failure.reason());
    assertFalse(failure.retryable(), "the same bytes fail again anywhere");
    assertEquals(List.of(Phase.DOWNLOADING), phases, "verified before the device is waited for");
  }

  @Test
  void anEvaluationSetThatDoesNotFitTheModelFailsTheTaskForGood() throws Exception {
    Dataset wrong = new Dataset("three-features", Task.CLASSIFICATION, List.of("a", "b"),
        new float[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {0, 1});
    Path setFile = dir.resolve("wrong.tbev");
    Files.write(setFile, EvalSet.write(wrong));
    ActiveTask task = task(files.model("kws", Models.KWS), files.set("wrong", setFile));
    TaskFailure failure = assertInstanceOf(TaskFailure.class, pipeline().run(task, "http://x", listener));
    assertTrue(failure.reason().startsWith("evaluation on wrong: "), failure.reason());
    assertFalse(failure.retryable());
    assertEquals(Phase.EVALUATING, phases.get(phases.size() - 1), "measured first, then evaluated: " + phases);
  }

  @Test
  void aCancelledTaskIsHandedBackWithTheReason() throws Exception {
    ActiveTask task = task(files.model("kws", Models.KWS), null);
    task.cancellation().cancel("the agent is shutting down");
    TaskRelease release = assertInstanceOf(TaskRelease.class, pipeline().run(task, "http://x", listener));
    assertEquals(List.of("task-1", "lease-1", "agent-1", "the agent is shutting down"),
        List.of(release.taskId(), release.leaseId(), release.agentId(), release.reason()));
  }
}
