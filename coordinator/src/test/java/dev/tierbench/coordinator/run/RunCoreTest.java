package dev.tierbench.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Claim;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.TestClock;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.OpenLease;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.fleet.AgentRecord;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.preparation.Preparation;

/** The run's rules on a hand-moved clock: every lease, expiry and loss happens in no time at all. */
class RunCoreTest {

  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final Duration LOST_AFTER = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final CoordinatorSettings SETTINGS = new CoordinatorSettings("t", "127.0.0.1", "127.0.0.1", 0,
      Duration.ofSeconds(1), LEASE, Duration.ofSeconds(1), 2, LOST_AFTER, GRACE, Path.of("runs"), null, false,
      Duration.ofSeconds(10), null, null, 0);

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private final List<RunEvent> events = new ArrayList<>();
  private final RunCore core = new RunCore(SETTINGS, clock, events::add);

  private Plan plan(String models, String tiers, int repetitions) throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + models + "]\ntiers: [" + tiers + "]\nrepetitions: " + repetitions
        + "\n");
    return Preparation.plan(SweepParser.parse(sweep));
  }

  private Plan kws(String tiers, int repetitions) throws Exception {
    return plan(Fixtures.KWS.toString(), tiers, repetitions);
  }

  private static AgentInfo agent(String id, String tier) {
    return new AgentInfo(id, tier, "host", "Linux", "amd64", 4, 1L << 30, "17",
        List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of());
  }

  private static TaskResult result(TaskAssignment assignment, String agentId, String tier, long latencyNanos) {
    return new TaskResult(assignment.task().taskId(), assignment.leaseId(), agentId, "host", tier,
        assignment.task().model().sha256(), measurement(latencyNanos));
  }

  /** One query of {@code latencyNanos}. */
  private static Measurement measurement(long latencyNanos) {
    Histogram h = Histograms.create();
    h.recordValue(latencyNanos);
    return new Measurement("TFLite 2.20.0", 1, 1, 0, 0, true, 1, latencyNanos, EncodedHistogram.of(h), false, 0,
        List.of(), Double.NaN, List.of(), List.of());
  }

  /** Checks and stores a result as the coordinator does; returns the verdict. */
  private ResultVerdict deliver(TaskResult result) {
    ResultVerdict verdict = core.check(result);
    if (verdict instanceof ResultVerdict.Accept accepted) {
      core.stored(accepted, result);
    }
    return verdict;
  }

  private <T extends RunEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private List<AttemptEnd.Outcome> outcomes() {
    return events(RunEvent.AttemptEnded.class).stream().map(e -> e.end().outcome()).toList();
  }

  @Test
  void anAgentIsLeasedTasksOfItsOwnTierOnly() throws Exception {
    core.start("r", kws("edge, iot", 1), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());

    TaskAssignment first = core.lease("e").orElseThrow();
    assertEquals("edge", first.task().tier());
    assertEquals(1, first.task().attempt());
    assertTrue(core.lease("e").isEmpty(), "the edge tier's only task is leased; iot's is not for it");
    assertTrue(core.hasQueued("iot"));
    assertTrue(core.lease("stranger").isEmpty(), "an unregistered agent gets nothing");
    assertEquals(1, events(RunEvent.TaskLeased.class).size());
  }

  @Test
  void heartbeatsKeepALeaseAndSilenceExpiresItUntilTheTaskGivesUp() throws Exception {
    core.start("r", kws("edge", 1), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    TaskAssignment lease = core.lease("e").orElseThrow();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(4));
      assertEquals(new HeartbeatAck(true, true), core.heartbeat(new Heartbeat("e", lease.leaseId(), 0, 300)));
      core.tick();
    }
    assertEquals(List.of(), outcomes(), "20 s of heartbeats every 4 s keep a 5 s lease");

    clock.advance(LEASE.plusMillis(1));
    core.tick();
    assertEquals(List.of(AttemptEnd.Outcome.EXPIRED), outcomes());
    AgentRecord silent = core.agents().get(0);
    assertEquals("lost", core.state(silent));
    assertEquals(null, silent.taskId(), "a silent agent whose lease expired no longer shows its task");
    assertEquals(TaskState.QUEUED, events(RunEvent.AttemptEnded.class).get(0).end().taskState());
    assertEquals(new HeartbeatAck(true, false), core.heartbeat(new Heartbeat("e", lease.leaseId(), 0, 300)),
        "the agent learns its lease is gone");

    TaskAssignment second = core.lease("e").orElseThrow();
    assertEquals(2, second.task().attempt());
    clock.advance(LEASE.plusMillis(1));
    core.tick();
    assertEquals(TaskState.FAILED, events(RunEvent.AttemptEnded.class).get(1).end().taskState(),
        "max-attempts 2: the second expiry fails the task");
    RunOutcome outcome = single(core.finishDone());
    assertEquals(1, outcome.failures().size());
    assertTrue(outcome.failures().get(0).reason().startsWith("gave up after 2 failed attempt(s); last: lease expired"),
        outcome.failures().get(0).reason());
  }

  @Test
  void anUnknownAgentsHeartbeatIsToldToRegister() {
    assertEquals(new HeartbeatAck(false, false), core.heartbeat(new Heartbeat("nobody", null, 0, -1)));
    assertFalse(core.heardFrom("nobody"));
  }

  @Test
  void aTierWhoseAgentsAllFellSilentFailsItsQueuedTasksAfterAgentLostAfter() throws Exception {
    core.start("r", kws("edge, iot", 3), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    clock.advance(LOST_AFTER);
    core.tick();
    assertTrue(events(RunEvent.TasksFailed.class).isEmpty(), "not yet: silent for exactly agent-lost-after");

    clock.advance(Duration.ofSeconds(1));
    core.tick();
    List<RunEvent.TasksFailed> failed = events(RunEvent.TasksFailed.class);
    assertEquals(1, failed.size(), "iot never had an agent: it waits for its first");
    assertEquals(3, failed.get(0).tasks().size());
    assertTrue(failed.get(0).tasks().stream().allMatch(t -> t.tier().equals("edge")));
    assertEquals("agent lost: no agent of tier edge heard from for 31 s", failed.get(0).reason());
    assertEquals(List.of(), core.finishDone(), "iot's tasks still wait");
    assertEquals(3, core.runProgress("r").orElseThrow().failed());
  }

  @Test
  void aResultIsCheckedAgainstItsTaskStoredOnceAndEndsTheRun() throws Exception {
    Plan plan = kws("edge", 1);
    TaskResult early = new TaskResult(plan.tasks().get(0).taskId(), "lease", "e", "host", "edge", "a".repeat(64),
        measurement(1_000), null);
    assertTrue(assertInstanceOf(ResultVerdict.NotYet.class, core.check(early)).note().startsWith("no run has started"),
        "a restarted coordinator has the agent keep a result until it resumes the run");
    core.start("r", plan, dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    TaskAssignment lease = core.lease("e").orElseThrow();

    assertEquals("result comes from tier iot but task " + lease.task().taskId() + " is for tier edge",
        assertInstanceOf(ResultVerdict.Refuse.class, core.check(result(lease, "e", "iot", 1_000))).note());
    TaskResult otherModel = new TaskResult(lease.task().taskId(), lease.leaseId(), "e", "host", "edge",
        "b".repeat(64), result(lease, "e", "edge", 1_000).measurement(), null);
    assertTrue(assertInstanceOf(ResultVerdict.Refuse.class, core.check(otherModel)).note()
        .startsWith("result measured model bbbb"));

    ResultVerdict.Accept accepted = assertInstanceOf(ResultVerdict.Accept.class,
        deliver(result(lease, "e", "edge", 2_000_000)));
    assertEquals(1, accepted.attempt());
    assertEquals(2_000_000, accepted.latency().p50(), 2_000_000 * 1e-3);
    assertEquals(List.of(AttemptEnd.Outcome.DONE), outcomes());
    assertEquals(String.format("kws_ref_model batch 1 on edge: p50 %.3f ms", accepted.latency().p50() / 1e6),
        core.runProgress("r").orElseThrow().lastEvent());

    RunOutcome outcome = single(core.finishDone());
    assertEquals(new RunOutcome("r", dir, 1, 0, List.of()), outcome);
    assertEquals(outcome, events(RunEvent.RunFinished.class).get(0).outcome());
    assertEquals(List.of(), core.runs());
    assertEquals("task " + lease.task().taskId() + " is not part of a run in progress",
        assertInstanceOf(ResultVerdict.Refuse.class, core.check(result(lease, "e", "edge", 1_000))).note());
  }

  @Test
  void aSecondResultForATaskIsADuplicateAndRevokesNothing() throws Exception {
    core.start("r", kws("edge", 2), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    TaskAssignment lease = core.lease("e").orElseThrow();
    TaskResult result = result(lease, "e", "edge", 1_000);
    ResultVerdict.Accept first = assertInstanceOf(ResultVerdict.Accept.class, core.check(result));
    core.stored(first, result);
    assertTrue(assertInstanceOf(ResultVerdict.Refuse.class, core.check(result)).note().startsWith("duplicate"));
    core.stored(first, result);
    assertEquals(1, events(RunEvent.ResultStored.class).size(), "storing the same acceptance twice counts once");
  }

  /** Agent "slow" leases the only task and falls silent past its lease; agent "fast" leases it again. */
  private TaskAssignment[] stalledThenLeasedAgain() throws Exception {
    core.start("r", kws("edge", 1), dir, Resumption.NONE);
    core.register(agent("slow", "edge"), List.of());
    core.register(agent("fast", "edge"), List.of());
    TaskAssignment stalled = core.lease("slow").orElseThrow();
    clock.advance(LEASE.plusMillis(1));
    core.tick();
    return new TaskAssignment[] {stalled, core.lease("fast").orElseThrow()};
  }

  @Test
  void aLateResultFromAnExpiredLeaseCountsMarkedUnderItsOwnAttemptAndRevokesTheNewOne() throws Exception {
    TaskAssignment[] leases = stalledThenLeasedAgain();
    TaskAssignment late = leases[0];
    TaskAssignment retry = leases[1];

    ResultVerdict.Accept accepted = assertInstanceOf(ResultVerdict.Accept.class,
        deliver(result(late, "slow", "edge", 1_000)));
    assertEquals(1, accepted.attempt(), "stored under the attempt that measured it, not the latest");
    assertEquals(List.of(RunCore.LATE_RESULT.formatted(1)), accepted.result().measurement().disturbances(),
        "a result whose lease expired never counts unmarked");
    assertEquals(List.of(AttemptEnd.Outcome.EXPIRED, AttemptEnd.Outcome.SUPERSEDED, AttemptEnd.Outcome.DONE),
        outcomes());
    AttemptEnd done = events(RunEvent.AttemptEnded.class).get(2).end();
    assertEquals(late.task().attempt(), done.attempt());
    assertEquals("delivered after its lease expired", done.reason());
    assertEquals(retry.leaseId(), events(RunEvent.AttemptEnded.class).get(1).end().leaseId());
    assertEquals(1, core.finishDone().size());
  }

  @Test
  void aResultFromAnAttemptBeatenByANewerOneIsRecordedAsLateOnceAndNotStored() throws Exception {
    TaskAssignment[] leases = stalledThenLeasedAgain();
    TaskAssignment stalled = leases[0];
    TaskAssignment retry = leases[1];
    ResultVerdict.Accept first = assertInstanceOf(ResultVerdict.Accept.class,
        deliver(result(retry, "fast", "edge", 1_000)));
    assertEquals(2, first.attempt());
    assertEquals(List.of(), first.result().measurement().disturbances(), "a result within its lease is clean");

    clock.advance(Duration.ofSeconds(40));
    TaskResult woke = result(stalled, "slow", "edge", 41_000_000_000L);
    assertTrue(assertInstanceOf(ResultVerdict.Refuse.class, core.check(woke)).note().startsWith("duplicate"));
    assertInstanceOf(ResultVerdict.Refuse.class, core.check(woke), "the agent retrying its delivery");
    assertInstanceOf(ResultVerdict.Refuse.class, deliver(result(retry, "fast", "edge", 1_000)));
    assertEquals(List.of(AttemptEnd.Outcome.EXPIRED, AttemptEnd.Outcome.DONE, AttemptEnd.Outcome.LATE), outcomes(),
        "the late attempt is recorded once; the stored attempt sending again is a plain duplicate");
    AttemptEnd lateEnd = events(RunEvent.AttemptEnded.class).get(2).end();
    assertEquals(1, lateEnd.attempt());
    assertEquals(stalled.leaseId(), lateEnd.leaseId());
    assertEquals("its result arrived after attempt 2's had been stored; not stored", lateEnd.reason());
    assertTrue(lateEnd.endedAt().isAfter(lateEnd.startedAt().plusSeconds(40)), "its real start and end");
    assertEquals(1, events(RunEvent.ResultStored.class).size());
  }

  @Test
  void failuresAndReleasesAnswerWhatBecameOfTheTask() throws Exception {
    core.start("r", kws("edge", 2), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    TaskAssignment a = core.lease("e").orElseThrow();
    assertEquals(new Ack(true, "queued again"), core.release(new TaskRelease(a.task().taskId(), a.leaseId(), "e",
        "stopping")));
    TaskAssignment again = core.lease("e").orElseThrow();
    assertEquals(a.task().taskId(), again.task().taskId(), "a released task goes to the front");
    assertEquals(1, again.task().attempt(), "a release is not an attempt");

    assertEquals(new Ack(true, "FAILED"), core.failure(new TaskFailure(again.task().taskId(), again.leaseId(), "e",
        "no such op", false)));
    TaskAssignment b = core.lease("e").orElseThrow();
    assertEquals(new Ack(true, "QUEUED"), core.failure(new TaskFailure(b.task().taskId(), b.leaseId(), "e",
        "out of memory", true)));
    assertEquals(new Ack(false, "lease " + b.leaseId() + " is not held"), core.failure(new TaskFailure(
        b.task().taskId(), b.leaseId(), "e", "again", true)));
    assertEquals(List.of(AttemptEnd.Outcome.RELEASED, AttemptEnd.Outcome.FAILED, AttemptEnd.Outcome.FAILED),
        outcomes());
  }

  @Test
  void anAgentThatLeavesEndsItsLeasesAndLeavesTheFleet() throws Exception {
    core.start("r", kws("edge", 1), dir, Resumption.NONE);
    core.register(agent("e", "edge"), List.of());
    core.lease("e").orElseThrow();
    core.leave("e", "shutting down");
    assertEquals(List.of(AttemptEnd.Outcome.AGENT_LEFT), outcomes());
    assertEquals(TaskState.QUEUED, events(RunEvent.AttemptEnded.class).get(0).end().taskState());
    assertEquals(List.of(new RunEvent.AgentLeft("e", "shutting down")), events(RunEvent.AgentLeft.class));
    assertTrue(core.agents().isEmpty());
  }

  @Test
  void aBrokenModelsTasksFailAtTheStartAndAResumedRunKeepsWhatWasMeasured() throws Exception {
    Path broken = Fixtures.truncated(Fixtures.KWS, 3, dir, "broken.tflite");
    Plan plan = plan(broken + ", " + Fixtures.KWS, "edge", 2);
    String measured = plan.tasks().stream().filter(t -> plan.check(t).ok()).findFirst().orElseThrow().taskId();

    RunState run = core.start("r", plan, dir, Resumption.completed(Set.of(measured)));

    assertEquals(1, run.resumed());
    RunEvent.RunStarted started = events(RunEvent.RunStarted.class).get(0);
    assertEquals(new RunEvent.RunStarted("r", 2, 4, 1, List.of("edge")), started);
    List<RunEvent.TasksFailed> failed = events(RunEvent.TasksFailed.class);
    assertEquals(1, failed.size());
    assertEquals(2, failed.get(0).tasks().size());
    assertTrue(failed.get(0).reason().startsWith("broken.tflite: truncated or corrupt TFLite file"),
        failed.get(0).reason());
    assertEquals(Map.of(TaskState.QUEUED, 1, TaskState.LEASED, 0, TaskState.DONE, 1, TaskState.FAILED, 2,
        TaskState.HELD, 0, TaskState.SKIPPED, 0), run.totals());
    assertThrows(IllegalStateException.class, () -> core.start("r", plan, dir, Resumption.NONE),
        "another run may start beside it, not one of the same id");
  }

  /**
   * A coordinator that stopped while agents "m" (measuring) and "h" (holding a result) had leases: what its store
   * gives the next one, which is {@link #core}. The tasks are those of {@code plan}, leased in order.
   */
  private Resumption stoppedWithLeases(Plan plan, TaskAssignment[] leased) {
    List<RunEvent> before = new ArrayList<>();
    RunCore first = new RunCore(SETTINGS, clock, before::add);
    first.start("r", plan, dir, Resumption.NONE);
    first.register(agent("m", "edge"), List.of());
    first.register(agent("h", "edge"), List.of());
    leased[0] = first.lease("m").orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    leased[1] = first.lease("h").orElseThrow();
    List<OpenLease> open = before.stream().filter(RunEvent.TaskLeased.class::isInstance)
        .map(e -> ((RunEvent.TaskLeased) e).lease())
        .map(l -> new OpenLease(l.task().taskId(), l.leaseId(), l.agentId(), l.attempt(), l.startedAt())).toList();
    return new Resumption(Set.of(), Map.of(leased[0].task().taskId(), 1, leased[1].task().taskId(), 1), open);
  }

  @Test
  void afterARestartTheLeasesAgentsClaimAreTheirsAndNoTaskIsLeasedTwice() throws Exception {
    Plan plan = kws("edge", 3);
    TaskAssignment[] leased = new TaskAssignment[2];
    Resumption resumption = stoppedWithLeases(plan, leased);
    TaskAssignment measuring = leased[0];
    TaskAssignment held = leased[1];
    clock.advance(Duration.ofSeconds(3));

    // Both agents come back before the run has resumed; the one measuring is not told to stop.
    core.register(agent("m", "edge"), List.of(new Claim(measuring.task().taskId(), measuring.leaseId(), false)));
    core.register(agent("h", "edge"), List.of(new Claim(held.task().taskId(), held.leaseId(), true)));
    core.register(agent("x", "edge"), List.of());
    assertEquals(new HeartbeatAck(true, true), core.heartbeat(new Heartbeat("m", measuring.leaseId(), 0, 300)));
    core.start("r", plan, dir, resumption);

    assertEquals(List.of("open when the coordinator stopped", "open when the coordinator stopped",
        "claimed by its agent, measuring", "claimed by its agent, outcome held"),
        events(RunEvent.LeaseKept.class).stream().map(RunEvent.LeaseKept::how).toList());
    TaskAssignment third = core.lease("x").orElseThrow();
    assertEquals(plan.tasks().get(2).taskId(), third.task().taskId(), "the claimed tasks go to no one else");
    assertTrue(core.lease("x").isEmpty());

    clock.advance(LEASE.minusMillis(1));
    assertEquals(new HeartbeatAck(true, true), core.heartbeat(new Heartbeat("m", measuring.leaseId(), 0, 300)));
    core.heartbeat(new Heartbeat("x", third.leaseId(), 0, 300));
    ResultVerdict.Accept accepted = assertInstanceOf(ResultVerdict.Accept.class,
        deliver(result(held, "h", "edge", 1_000)));
    assertEquals(1, accepted.attempt(), "stored under the attempt the first coordinator numbered");
    assertEquals(List.of(), accepted.result().measurement().disturbances(), "its lease never lapsed: clean");
    clock.advance(Duration.ofMillis(2));
    core.tick();
    assertEquals(List.of(AttemptEnd.Outcome.DONE), outcomes(), "heartbeats keep the claimed lease");
    AttemptEnd done = events(RunEvent.AttemptEnded.class).get(0).end();
    assertEquals(held.leaseId(), done.leaseId());
    assertEquals(clock.instant().minus(LEASE).minusMillis(1).minusSeconds(3), done.startedAt(),
        "its real start, before the restart");
    assertEquals(List.of(), events(RunEvent.ClaimRefused.class));
  }

  @Test
  void afterARestartALeaseNobodyClaimsIsLeasedAgainWithTheNextAttemptNumber() throws Exception {
    Plan plan = kws("edge", 2);
    TaskAssignment[] leased = new TaskAssignment[2];
    Resumption resumption = stoppedWithLeases(plan, leased);
    core.start("r", plan, dir, resumption);
    core.register(agent("x", "edge"), List.of());
    assertTrue(core.lease("x").isEmpty(), "both tasks are kept for their agents");

    // "m" restarted and lost its task: it says so by claiming nothing, and its task is free at once.
    core.register(agent("m", "edge"), List.of());
    assertEquals(List.of(AttemptEnd.Outcome.UNCLAIMED), outcomes());
    TaskAssignment again = core.lease("x").orElseThrow();
    assertEquals(leased[0].task().taskId(), again.task().taskId());
    assertEquals(2, again.task().attempt(), "numbered after the first coordinator's attempt");

    // "h" never comes back: its task waits for the claim grace, no more.
    for (Duration waited = Duration.ZERO; waited.compareTo(GRACE) < 0; waited = waited.plusSeconds(4)) {
      clock.advance(Duration.ofSeconds(4));
      core.heartbeat(new Heartbeat("x", again.leaseId(), 0, 300));
      core.tick();
    }
    assertTrue(core.lease("m").isEmpty());
    clock.advance(Duration.ofMillis(1));
    core.tick();
    assertEquals(List.of(AttemptEnd.Outcome.UNCLAIMED, AttemptEnd.Outcome.EXPIRED), outcomes());
    assertEquals(2, core.lease("m").orElseThrow().task().attempt());

    core.register(agent("h", "edge"), List.of(new Claim(leased[1].task().taskId(), leased[1].leaseId(), true)));
    assertEquals(List.of(new RunEvent.ClaimRefused("h", new Claim(leased[1].task().taskId(), leased[1].leaseId(),
        true), "task " + leased[1].task().taskId() + " is leased to another agent")),
        events(RunEvent.ClaimRefused.class), "too late: its result will be recorded as late, not stored");
  }

  // ---- runs side by side

  /** Same sweep twice: the same task ids in both runs, told apart by their leases. */
  @Test
  void runsSideBySideShareTheAgentsAndEachResultGoesToTheRunThatLeasedIt() throws Exception {
    Plan plan = kws("edge", 4);
    core.start("a", plan, dir.resolve("a"), Resumption.NONE);
    core.start("b", plan, dir.resolve("b"), Resumption.NONE);
    core.register(agent("e1", "edge"), List.of());
    core.register(agent("e2", "edge"), List.of());

    TaskAssignment first = core.lease("e1").orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    TaskAssignment second = core.lease("e2").orElseThrow();
    assertEquals(List.of("a", "b"), List.of(first.task().runId(), second.task().runId()),
        "a has had a second of e1 when e2 asks: b's turn");
    assertEquals(first.task().taskId(), second.task().taskId());

    clock.advance(Duration.ofSeconds(2));
    ResultVerdict.Accept accepted = assertInstanceOf(ResultVerdict.Accept.class,
        deliver(result(second, "e2", "edge", 1_000)));
    assertEquals("b", accepted.run().runId(), "b's lease, b's result, though a has a task of the same id");
    assertEquals(1, core.runProgress("b").orElseThrow().done());
    assertEquals(0, core.runProgress("a").orElseThrow().done());
    assertEquals("b", core.lease("e2").orElseThrow().task().runId(),
        "a has had 3 s of e1 (its lease still held), b 2 s of e2: b again");
    assertEquals(Duration.ofSeconds(3), core.served("a"));
  }

  @Test
  void cancellingARunRevokesItsLeasesFailsWhatIsQueuedAndLeavesTheOtherRunAlone() throws Exception {
    Plan plan = kws("edge", 3);
    core.start("a", plan, dir.resolve("a"), Resumption.NONE);
    core.start("b", plan, dir.resolve("b"), Resumption.NONE);
    core.register(agent("e1", "edge"), List.of());
    core.register(agent("e2", "edge"), List.of());
    TaskAssignment measured = core.lease("e1").orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    deliver(result(measured, "e1", "edge", 1_000));
    TaskAssignment inB = core.lease("e1").orElseThrow();
    clock.advance(Duration.ofSeconds(2));
    TaskAssignment inA = core.lease("e2").orElseThrow();
    assertEquals(List.of("a", "b", "a"), List.of(measured.task().runId(), inB.task().runId(), inA.task().runId()));

    assertTrue(core.cancel("a", "cancelled by alice"));
    assertFalse(core.cancel("nope", "cancelled by alice"));
    assertEquals(new HeartbeatAck(true, false), core.heartbeat(new Heartbeat("e2", inA.leaseId(), 0, -1)),
        "the agent learns at its next heartbeat that its lease is gone, and stops");
    assertEquals(new HeartbeatAck(true, true), core.heartbeat(new Heartbeat("e1", inB.leaseId(), 0, -1)));
    RunOutcome cancelled = single(core.finishDone());
    assertEquals("a", cancelled.runId());
    assertEquals(2, cancelled.failures().size(), "the one measured is kept; the others fail");
    assertTrue(cancelled.failures().stream().allMatch(f -> f.reason().equals("cancelled by alice")),
        cancelled.failures().toString());
    assertTrue(events(RunEvent.AttemptEnded.class).stream().anyMatch(e -> e.runId().equals("a")
        && e.end().leaseId().equals(inA.leaseId()) && e.end().outcome() == AttemptEnd.Outcome.CANCELLED));
    assertEquals(List.of("b"), core.runs().stream().map(RunState::runId).toList());
    assertEquals("b", core.lease("e2").orElseThrow().task().runId());
  }

  @Test
  void heldClaimsWaitForOpenNotForTheFirstRunToStart() throws Exception {
    Plan plan = kws("edge", 1);
    String task = plan.tasks().get(0).taskId();
    core.hold();
    core.register(agent("e", "edge"), List.of(new Claim(task, "lease-b", false)));
    core.start("a", kws("iot", 1), dir.resolve("a"), Resumption.NONE);
    assertTrue(events(RunEvent.LeaseKept.class).isEmpty() && events(RunEvent.ClaimRefused.class).isEmpty(),
        "b has not started: the claim waits");
    core.start("b", plan, dir.resolve("b"), Resumption.NONE);
    core.open();
    RunEvent.LeaseKept kept = events(RunEvent.LeaseKept.class).get(0);
    assertEquals("b", kept.runId());
    assertEquals("lease-b", kept.lease().leaseId());
  }

  private Plan adaptivePlan() throws Exception {
    Path sweep = dir.resolve("adaptive.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + Fixtures.KWS + "]\naxes: {batch: [1, 2, 4, 8, 16, 32],"
        + " threads: [1, 2]}\ntiers: [edge]\nadaptive: {budget: 75%, initial: 5}\n");
    return Preparation.plan(SweepParser.parse(sweep));
  }

  /** Work grows with the batch and two threads share it: the fastest variant is batch 1 on two threads. */
  private static double adaptiveMs(dev.tierbench.common.protocol.TrialParams params) {
    return 0.2 + params.batch() * 0.5 / (params.threads() == 2 ? 1.8 : 1);
  }

  /** Leases and measures until the agent gets nothing: what it measured, as batch x threads. */
  private List<String> measureAll(String agentId) {
    List<String> measured = new ArrayList<>();
    for (Optional<TaskAssignment> next = core.lease(agentId); next.isPresent(); next = core.lease(agentId)) {
      TaskAssignment a = next.get();
      long nanos = (long) (adaptiveMs(a.task().params()) * 1e6);
      assertTrue(deliver(result(a, agentId, "edge", nanos)) instanceof ResultVerdict.Accept);
      measured.add(a.task().params().batch() + "x" + a.task().params().threads());
    }
    return measured;
  }

  @Test
  void anAdaptiveRunMeasuresWhatMayChangeTheFrontierAndSkipsTheRest() throws Exception {
    Plan plan = adaptivePlan();
    RunState run = core.start("r", plan, dir, Resumption.NONE);
    assertEquals(5, run.totals().get(TaskState.QUEUED));
    assertEquals(7, run.totals().get(TaskState.HELD));
    core.register(agent("a1", "edge"), List.of());
    List<String> measured = measureAll("a1");
    assertTrue(measured.contains("1x2"), "the frontier's variant is measured: " + measured);
    assertTrue(measured.size() < 9, "budget is 9 of 12, measured " + measured);
    List<RunEvent.TasksSkipped> skipped = events(RunEvent.TasksSkipped.class);
    assertEquals(1, skipped.size());
    assertEquals(12 - measured.size(), skipped.get(0).tasks().size());
    assertTrue(skipped.get(0).reason().startsWith("frontier stable"), skipped.get(0).reason());
    RunOutcome outcome = single(core.finishDone());
    assertEquals(List.of(), outcome.failures());
    assertEquals(12, outcome.tasks());
  }

  @Test
  void aResumedAdaptiveRunDecidesFromWhatWasMeasuredBefore() throws Exception {
    Plan plan = adaptivePlan();
    Set<String> completed = new java.util.HashSet<>();
    Map<String, Resumption.Measured> measuredBefore = new java.util.HashMap<>();
    for (PlannedTask task : plan.tasks()) {
      if (task.trial().params().batch() >= 4) {
        completed.add(task.taskId());
        measuredBefore.put(task.taskId(), new Resumption.Measured(adaptiveMs(task.trial().params()), Double.NaN));
      }
    }
    RunState run = core.start("r", plan, dir, new Resumption(completed, Map.of(), List.of(), measuredBefore));
    assertEquals(8, run.totals().get(TaskState.DONE));
    assertEquals(0, run.totals().get(TaskState.QUEUED), "the initial set was measured before");
    core.register(agent("a1", "edge"), List.of());
    List<String> measured = measureAll("a1");
    assertTrue(measured.contains("1x2"), measured.toString());
    assertTrue(measured.stream().noneMatch(m -> m.startsWith("4x") || m.startsWith("8x") || m.startsWith("16x")
        || m.startsWith("32x")), "nothing measured before is measured again: " + measured);
    assertEquals(List.of(), single(core.finishDone()).failures());
  }

  private static RunOutcome single(List<RunOutcome> outcomes) {
    assertEquals(1, outcomes.size(), outcomes.toString());
    return outcomes.get(0);
  }
}
