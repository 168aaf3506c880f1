package dev.tierbench.coordinator.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.TestClock;
import dev.tierbench.coordinator.plan.PlannedTask;

class TaskBoardTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final TestClock clock = new TestClock();
  private final TaskBoard board = new TaskBoard(clock, TIMEOUT, 3);

  /** The next queued task of the tier, for an agent that can run any. */
  private java.util.Optional<Lease> take(String agent, String tier) {
    return board.take(agent, tier, task -> true);
  }

  @Test
  void anAgentIsGivenATaskItCanRunElseTheFirstSoThatTheTierEnds() {
    List<PlannedTask> tasks = Fixtures.tasks("edge", 3);
    tasks.forEach(board::add);
    PlannedTask runnable = tasks.get(2);
    Lease lease = board.take("a", "edge", task -> task == runnable).orElseThrow();
    assertEquals(runnable.taskId(), lease.task().taskId(), "the one it has the engine for, though queued last");
    Lease fallback = board.take("a", "edge", task -> false).orElseThrow();
    assertEquals(tasks.get(0).taskId(), fallback.task().taskId(), "none runnable: the first, to fail saying why");
  }

  @Test
  void leasesOnlyTasksOfTheAgentsTier() {
    board.add(Fixtures.task("edge", 1));
    assertTrue(take("a", "iot").isEmpty());
    Lease lease = take("a", "edge").orElseThrow();
    assertEquals("edge", lease.task().tier());
    assertEquals(1, lease.attempt());
    assertEquals(TaskState.LEASED, board.state(lease.task().taskId()).orElseThrow());
    assertTrue(take("b", "edge").isEmpty(), "a leased task is not handed out twice");
  }

  @Test
  void heartbeatsKeepALeaseAlivePastTheTimeout() {
    board.add(Fixtures.task("edge", 1));
    Lease lease = take("a", "edge").orElseThrow();
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(4));
      assertTrue(board.renew(lease.leaseId()));
      assertTrue(board.expire().isEmpty());
    }
    assertTrue(board.holds(lease.leaseId()));
  }

  @Test
  void anExpiredLeaseRequeuesTheTaskAtTheFrontWithTheNextAttempt() {
    List<PlannedTask> tasks = Fixtures.tasks("edge", 2);
    tasks.forEach(board::add);
    Lease first = take("a", "edge").orElseThrow();
    clock.advance(TIMEOUT.plusMillis(1));

    List<AttemptEnd> ended = board.expire();

    assertEquals(1, ended.size());
    AttemptEnd end = ended.get(0);
    assertEquals(AttemptEnd.Outcome.EXPIRED, end.outcome());
    assertEquals(TaskState.QUEUED, end.taskState());
    assertEquals("a", end.agentId());
    assertTrue(end.reason().contains("agent a silent for 5.0 s"), end.reason());
    assertFalse(board.renew(first.leaseId()), "an expired lease cannot be renewed");
    Lease retry = take("b", "edge").orElseThrow();
    assertEquals(first.task().taskId(), retry.task().taskId(), "the requeued task goes first");
    assertEquals(2, retry.attempt());
  }

  @Test
  void aLeaseIsNotExpiredExactlyAtItsDeadline() {
    board.add(Fixtures.task("edge", 1));
    take("a", "edge").orElseThrow();
    clock.advance(TIMEOUT);
    assertTrue(board.expire().isEmpty());
  }

  @Test
  void aTaskFailsAfterMaxAttemptsWithTheLastReason() {
    PlannedTask task = Fixtures.task("edge", 1);
    board.add(task);
    for (int attempt = 1; attempt <= 3; attempt++) {
      Lease lease = take("agent-" + attempt, "edge").orElseThrow();
      assertEquals(attempt, lease.attempt());
      clock.advance(TIMEOUT.plusSeconds(1));
      AttemptEnd end = board.expire().get(0);
      assertEquals(attempt < 3 ? TaskState.QUEUED : TaskState.FAILED, end.taskState());
    }
    assertTrue(take("x", "edge").isEmpty());
    assertEquals(TaskState.FAILED, board.state(task.taskId()).orElseThrow());
    String reason = board.reason(task.taskId()).orElseThrow();
    assertTrue(reason.startsWith("gave up after 3 failed attempt(s); last: lease expired: agent agent-3"), reason);
    assertTrue(board.finished());
  }

  @Test
  void aNonRetryableFailureFailsTheTaskAtOnce() {
    PlannedTask task = Fixtures.task("edge", 1);
    board.add(task);
    Lease lease = take("a", "edge").orElseThrow();
    AttemptEnd end = board.fail(lease.leaseId(), "corrupt model", false).orElseThrow();
    assertEquals(TaskState.FAILED, end.taskState());
    assertEquals("corrupt model", board.reason(task.taskId()).orElseThrow());
    assertTrue(board.finished());
  }

  @Test
  void aRetryableFailureRequeuesTheTask() {
    PlannedTask task = Fixtures.task("edge", 1);
    board.add(task);
    Lease lease = take("a", "edge").orElseThrow();
    AttemptEnd end = board.fail(lease.leaseId(), "download failed", true).orElseThrow();
    assertEquals(TaskState.QUEUED, end.taskState());
    assertEquals(2, take("b", "edge").orElseThrow().attempt());
  }

  @Test
  void theFirstResultCompletesTheTaskAndLaterOnesAreDuplicates() {
    PlannedTask task = Fixtures.task("edge", 1);
    board.add(task);
    Lease lease = take("a", "edge").orElseThrow();
    assertTrue(board.awaitsResult(task.taskId()));

    List<AttemptEnd> ended = board.complete(task.taskId(), lease.leaseId(), "a");

    assertEquals(1, ended.size());
    assertEquals(AttemptEnd.Outcome.DONE, ended.get(0).outcome());
    assertEquals(1, ended.get(0).attempt());
    assertFalse(board.awaitsResult(task.taskId()));
    assertTrue(board.complete(task.taskId(), lease.leaseId(), "a").isEmpty(), "a duplicate changes nothing");
    assertEquals(TaskState.DONE, board.state(task.taskId()).orElseThrow());
    assertFalse(board.holds(lease.leaseId()));
    assertTrue(board.finished());
  }

  @Test
  void aLateResultFromAnExpiredLeaseIsAcceptedAndRevokesTheNewLease() {
    PlannedTask task = Fixtures.task("edge", 1);
    board.add(task);
    Lease first = take("a", "edge").orElseThrow();
    clock.advance(TIMEOUT.plusSeconds(1));
    board.expire();
    Lease second = take("b", "edge").orElseThrow();

    List<AttemptEnd> ended = board.complete(task.taskId(), first.leaseId(), "a");

    assertEquals(List.of(AttemptEnd.Outcome.SUPERSEDED, AttemptEnd.Outcome.DONE),
        ended.stream().map(AttemptEnd::outcome).toList());
    assertEquals("b", ended.get(0).agentId());
    assertEquals(1, ended.get(1).attempt(), "the result is credited to the attempt that made it");
    assertFalse(board.renew(second.leaseId()), "agent b is told its lease is gone");
    assertTrue(board.complete(task.taskId(), second.leaseId(), "b").isEmpty());
  }

  @Test
  void aResultAfterTheTaskFailedStillCompletesIt() {
    TaskBoard strict = new TaskBoard(clock, TIMEOUT, 1);
    PlannedTask task = Fixtures.task("edge", 1);
    strict.add(task);
    Lease lease = strict.take("a", "edge", any -> true).orElseThrow();
    clock.advance(TIMEOUT.plusSeconds(1));
    assertEquals(TaskState.FAILED, strict.expire().get(0).taskState());
    assertEquals(1, strict.complete(task.taskId(), lease.leaseId(), "a").size());
    assertEquals(TaskState.DONE, strict.state(task.taskId()).orElseThrow());
  }

  @Test
  void aReleasedTaskGoesBackToTheFrontWithoutCountingAnAttempt() {
    List<PlannedTask> tasks = Fixtures.tasks("edge", 2);
    tasks.forEach(board::add);
    Lease lease = take("a", "edge").orElseThrow();
    AttemptEnd end = board.release(lease.leaseId(), "agent stopping").orElseThrow();
    assertEquals(AttemptEnd.Outcome.RELEASED, end.outcome());
    Lease again = take("b", "edge").orElseThrow();
    assertEquals(lease.task().taskId(), again.task().taskId());
    assertEquals(1, again.attempt());
  }

  @Test
  void leasesOfAnAgentThatLeftEndAndTheirTasksAreRequeued() {
    Fixtures.tasks("edge", 3).forEach(board::add);
    Lease a1 = take("a", "edge").orElseThrow();
    take("b", "edge").orElseThrow();
    List<AttemptEnd> ended = board.agentLeft("a");
    assertEquals(1, ended.size());
    assertEquals(a1.leaseId(), ended.get(0).leaseId());
    assertEquals(AttemptEnd.Outcome.AGENT_LEFT, ended.get(0).outcome());
    assertEquals(TaskState.QUEUED, board.state(a1.task().taskId()).orElseThrow());
  }

  @Test
  void abandoningATierFailsItsQueuedTasksOnly() {
    Fixtures.tasks("edge", 3).forEach(board::add);
    board.add(Fixtures.task("iot", 9));
    Lease held = take("a", "edge").orElseThrow();
    List<String> failed = board.abandon("edge", "agent lost");
    assertEquals(2, failed.size(), "the queued ones; the leased one is its lease's business");
    failed.forEach(id -> assertEquals(TaskState.FAILED, board.state(id).orElseThrow()));
    assertEquals("agent lost", board.reason(failed.get(0)).orElseThrow());
    assertEquals(TaskState.LEASED, board.state(held.task().taskId()).orElseThrow());
    assertFalse(board.hasQueued("edge"));
    assertTrue(board.hasQueued("iot"));
  }

  @Test
  void resumedTasksAreDoneAndNeverLeased() {
    PlannedTask done = Fixtures.task("edge", 1);
    board.addDone(done);
    assertTrue(take("a", "edge").isEmpty());
    assertFalse(board.awaitsResult(done.taskId()));
    assertTrue(board.finished());
  }

  @Test
  void countsByTierAndState() {
    Fixtures.tasks("edge", 2).forEach(board::add);
    board.add(Fixtures.task("iot", 1));
    take("a", "edge");
    assertEquals(1, board.counts().get("edge").get(TaskState.LEASED));
    assertEquals(1, board.counts().get("edge").get(TaskState.QUEUED));
    assertEquals(1, board.counts().get("iot").get(TaskState.QUEUED));
    assertEquals(2, board.totals().get(TaskState.QUEUED));
    assertEquals(0, board.totals().get(TaskState.DONE));
  }

  @Test
  void leaseIdsAreUnique() {
    Fixtures.tasks("edge", 2).forEach(board::add);
    assertNotEquals(take("a", "edge").orElseThrow().leaseId(), take("a", "edge").orElseThrow().leaseId());
  }

  @Test
  void theSameTaskCannotBeAddedTwice() {
    board.add(Fixtures.task("edge", 1));
    assertThrows(IllegalArgumentException.class, () -> board.add(Fixtures.task("edge", 1)));
  }

  @Test
  void heldTasksWaitUntilQueuedAndEndSkippedOrFailed() {
    List<PlannedTask> tasks = Fixtures.tasks("edge", 4);
    tasks.forEach(t -> board.addHeld(t, 0));
    assertTrue(take("a", "edge").isEmpty(), "a held task is not leased");
    assertFalse(board.finished(), "held tasks are not finished");
    board.queueHeld(List.of(tasks.get(2)));
    board.queueHeld(List.of(tasks.get(2)));
    Lease lease = take("a", "edge").orElseThrow();
    assertEquals(tasks.get(2).taskId(), lease.task().taskId());
    assertTrue(take("b", "edge").isEmpty(), "queued once, though asked twice");
    board.complete(lease.task().taskId(), lease.leaseId(), "a");
    assertEquals(3, board.count("edge", TaskState.HELD));
    board.queueHeld(List.of(tasks.get(1)));
    assertEquals(List.of(tasks.get(0), tasks.get(3)), board.skipHeld("edge", "frontier stable"));
    assertEquals(TaskState.SKIPPED, board.state(tasks.get(0).taskId()).orElseThrow());
    assertEquals("frontier stable", board.reason(tasks.get(3).taskId()).orElseThrow());
    assertEquals(TaskState.QUEUED, board.state(tasks.get(1).taskId()).orElseThrow(), "a queued task is not skipped");
    assertFalse(board.finished());
    assertEquals(List.of(tasks.get(1).taskId()), board.abandon("edge", "no agent left"));
    assertTrue(board.finished(), "done, skipped and failed tasks are all final");
  }

  @Test
  void abandoningATierFailsItsHeldTasksToo() {
    board.addHeld(Fixtures.task("edge", 1), 2);
    assertEquals(1, board.abandon("edge", "no agent of tier edge").size());
    assertTrue(board.finished());
  }
}
