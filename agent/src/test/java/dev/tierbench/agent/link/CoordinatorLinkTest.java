package dev.tierbench.agent.link;

import static dev.tierbench.common.protocol.Addresses.FAILURE;
import static dev.tierbench.common.protocol.Addresses.HEARTBEAT;
import static dev.tierbench.common.protocol.Addresses.LEASE;
import static dev.tierbench.common.protocol.Addresses.LEAVE;
import static dev.tierbench.common.protocol.Addresses.REGISTER;
import static dev.tierbench.common.protocol.Addresses.RELEASE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.tierbench.agent.AgentException;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.NoWork;
import dev.tierbench.common.protocol.Claim;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.protocol.WireMessage;

/**
 * The agent's link to its coordinator on a hand-driven clock, in milliseconds: registration and its deadline,
 * heartbeats, the coordinator lost and the connection given up, and outcomes delivered across an outage.
 */
class CoordinatorLinkTest {

  private static final Duration BEAT = Duration.ofSeconds(1);
  private static final Registered REGISTERED = new Registered("coordinator-1", "http://127.0.0.1:1/models", BEAT,
      Duration.ofSeconds(10), Duration.ofSeconds(5));
  private static final AgentInfo AGENT = new AgentInfo("agent-1", "edge", "host-1", "Linux", "amd64", 2, 1L << 30,
      "17", List.of(), Map.of());
  private static final TaskSpec TASK = new TaskSpec("task-1", "run", "trial", "edge", 1, 1,
      new ModelRef("kws", "a".repeat(64), 100), new TrialParams(1, 1, true),
      new MeasureSettings(0, Duration.ZERO, 1, Duration.ofSeconds(30)));

  private final ManualTicker ticker = new ManualTicker();
  private final InMemoryCoordinator coordinator = new InMemoryCoordinator(ticker);
  private final Outbox outbox = new Outbox();
  private final HeldTasks tasks = new HeldTasks();

  /** Tasks that run until the test ends them. */
  private static final class HeldTasks implements TaskRunner {
    final List<ActiveTask> started = new ArrayList<>();
    private final List<CompletableFuture<WireMessage>> outcomes = new ArrayList<>();

    @Override
    public CompletionStage<WireMessage> run(ActiveTask task, String modelsUrl, ProgressListener listener) {
      started.add(task);
      CompletableFuture<WireMessage> outcome = new CompletableFuture<>();
      outcomes.add(outcome);
      return outcome;
    }

    void end(WireMessage outcome) {
      outcomes.get(outcomes.size() - 1).complete(outcome);
    }
  }

  private CoordinatorLink link(Duration rejoinAfter) {
    AgentSettings settings = new AgentSettings("agent-1", "edge", Map.of(), Path.of("cache"), Path.of("device.lock"),
        Duration.ofSeconds(3), Duration.ofSeconds(2), rejoinAfter, null);
    return new CoordinatorLink(settings, AGENT, outbox, AgentMetrics.none("edge", "agent-1"), coordinator, ticker,
        tasks);
  }

  /** Answers registration, heartbeats (known agent, valid lease) and every outcome at once; leases wait. */
  private void answering() {
    coordinator.answer(REGISTER, m -> REGISTERED);
    coordinator.answer(HEARTBEAT, m -> new HeartbeatAck(true, true));
    for (String address : List.of(FAILURE, RELEASE, LEAVE)) {
      coordinator.answer(address, m -> new Ack(true, ""));
    }
  }

  private void lease() {
    coordinator.waiting(LEASE).answer(new TaskAssignment("lease-1", TASK));
    assertEquals(1, tasks.started.size(), "the leased task runs");
  }

  private static TaskFailure failure() {
    return new TaskFailure("task-1", "lease-1", "agent-1", "model kws: not a model", false);
  }

  private List<Long> times(String address) {
    return coordinator.requests(address).stream().map(InMemoryCoordinator.Request::atMillis).toList();
  }

  private static Heartbeat beat(InMemoryCoordinator.Request request) {
    return (Heartbeat) request.message();
  }

  @Test
  void heartbeatsGoOutEveryIntervalEachCarryingTheRoundTripOfTheOneBefore() {
    answering();
    coordinator.hold(HEARTBEAT);
    CoordinatorLink link = link(Duration.ofSeconds(10));
    link.start();
    ticker.advanceToMillis(999);
    assertEquals(List.of(), times(HEARTBEAT), "the first heartbeat is one interval after registering");
    ticker.advanceToMillis(1_000);
    InMemoryCoordinator.Request first = coordinator.waiting(HEARTBEAT);
    assertEquals(-1, beat(first).lastRoundTripMicros(), "no round trip measured yet");
    assertEquals(ManualTicker.WALL_EPOCH_MILLIS + 1_000, beat(first).sentAtMillis());
    ticker.advanceToMillis(1_030);
    first.answer(new HeartbeatAck(true, true));
    ticker.advanceToMillis(2_000);
    assertEquals(30_000, beat(coordinator.waiting(HEARTBEAT)).lastRoundTripMicros(), "answered 30 ms after sent");
    ticker.advanceToMillis(5_500);
    assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L), times(HEARTBEAT));
    assertEquals(null, beat(first).leaseId(), "an idle agent renews no lease");
  }

  @Test
  void registrationRetriesUntilTheConnectDeadlineThenGivesUpInOneLine() {
    coordinator.down();
    CompletableFuture<Registered> started = link(Duration.ofSeconds(10)).start().toCompletableFuture();
    ticker.advanceToMillis(3_000);
    assertFalse(started.isDone(), "3 s to connect: not over at 3 s");
    ticker.advanceToMillis(3_250);
    ExecutionException e = assertThrows(ExecutionException.class, started::get);
    AgentException cause = assertInstanceOf(AgentException.class, e.getCause());
    assertEquals("no coordinator answered within 3 s (no coordinator is listening on the cluster)",
        cause.getMessage());
    assertEquals(LongStream.rangeClosed(0, 13).map(i -> 250 * i).boxed().toList(), times(REGISTER),
        "tried every 250 ms");
  }

  @Test
  void aCoordinatorThatRefusesTheAgentEndsRegistrationAtOnce() {
    CompletableFuture<Registered> started = link(Duration.ofSeconds(10)).start().toCompletableFuture();
    coordinator.waiting(REGISTER).refuse(FailureCodes.PROTOCOL_MISMATCH, "protocol 2 expected, agent speaks 1");
    ExecutionException e = assertThrows(ExecutionException.class, started::get);
    assertEquals("the coordinator refused agent agent-1: protocol 2 expected, agent speaks 1",
        e.getCause().getMessage());
    assertEquals(1, coordinator.requests(REGISTER).size(), "a refusal is not retried");
  }

  @Test
  void aCoordinatorUnreachableForLongerThanRejoinAfterIsGivenUpOnAtTheNextHeartbeatAndNotBefore() {
    answering();
    CoordinatorLink link = link(Duration.ofSeconds(10));
    link.start();
    ticker.advanceToMillis(1_500);
    coordinator.down();
    ticker.advanceToMillis(12_000);
    assertFalse(link.givenUp(), "unreachable since the heartbeat at 2 s: exactly 10 s at 12 s, not more");
    ticker.advanceToMillis(12_999);
    assertFalse(link.givenUp());
    ticker.advanceToMillis(13_000);
    assertTrue(link.givenUp());
    assertEquals("the coordinator has been unreachable for more than 10 s", link.lost().toCompletableFuture().join());
    int beats = coordinator.requests(HEARTBEAT).size();
    ticker.advanceToMillis(30_000);
    assertEquals(beats, coordinator.requests(HEARTBEAT).size(), "a given-up connection sends no heartbeats");
  }

  @Test
  void aCoordinatorWhoseSweepIsOverIsLostWithoutAlarm() {
    answering();
    CoordinatorLink link = link(Duration.ofSeconds(10));
    link.start();
    coordinator.waiting(LEASE).answer(new NoWork("no queued task for tier edge"));
    assertFalse(link.sweepOver(), "nothing queued for this tier is not the end of the sweep");
    coordinator.waiting(LEASE).answer(NoWork.noRun());
    assertTrue(link.sweepOver());
    coordinator.down();
    ticker.advanceToMillis(13_000);
    assertTrue(link.givenUp(), "it still joins again, to find the next coordinator");
    assertTrue(link.sweepOver(), "and says why that is no fault");
  }

  @Test
  void anOutageShorterThanRejoinAfterIsRiddenOut() {
    answering();
    CoordinatorLink link = link(Duration.ofSeconds(10));
    link.start();
    ticker.advanceToMillis(1_500);
    coordinator.down();
    ticker.advanceToMillis(11_500);
    coordinator.up();
    ticker.advanceToMillis(60_000);
    assertFalse(link.givenUp(), "back at 12 s, after 10 s unreachable: the clock starts again at the next outage");
    assertEquals(60, coordinator.requests(HEARTBEAT).size(), "heartbeats went on all along");
  }

  @Test
  void anOutcomeIsRetriedWithBackoffThroughAnOutageAndDeliveredOnceWhenTheCoordinatorIsBack() {
    answering();
    CoordinatorLink link = link(Duration.ofSeconds(60));
    link.start();
    lease();
    ticker.advanceToMillis(1_500);
    coordinator.down();
    ticker.advanceToMillis(2_000);
    tasks.end(failure());
    ticker.advanceToMillis(12_000);
    coordinator.up();
    ticker.advanceToMillis(30_000);
    // Waits of 0.5, 1, 2, 4 s, then 5 s (the cap) between attempts.
    assertEquals(List.of(2_000L, 2_500L, 3_500L, 5_500L, 9_500L, 14_500L), times(FAILURE));
    List<InMemoryCoordinator.Request> attempts = coordinator.requests(FAILURE);
    assertTrue(attempts.stream().limit(5).allMatch(r -> r.reply().isCompletedExceptionally()));
    assertEquals(new Ack(true, ""), attempts.get(5).reply().join(), "taken by the coordinator once back");
    assertEquals(0, outbox.size());
    assertFalse(link.givenUp());
    assertEquals(List.of(0L, 14_500L), times(LEASE).subList(0, 2), "then asks for the next task");
  }

  @Test
  void anOutcomeUndeliveredWhenTheConnectionIsGivenUpIsHeldAndDeliveredFirstOnTheNextOne() {
    answering();
    CoordinatorLink first = link(Duration.ofSeconds(10));
    first.start();
    lease();
    ticker.advanceToMillis(1_500);
    coordinator.down();
    ticker.advanceToMillis(19_999);
    assertFalse(first.givenUp(), "a measurement in progress finishes first, however long the outage");
    ticker.advanceToMillis(20_000);
    tasks.end(failure());
    assertTrue(first.givenUp(), "unreachable for 18 s and nothing measuring: given up at the first failed delivery");
    assertEquals(1, outbox.size(), "the failure waits for the next connection");

    coordinator.up();
    int before = coordinator.addresses().size();
    link(Duration.ofSeconds(10)).start();
    assertEquals(List.of(REGISTER, FAILURE, LEASE),
        coordinator.addresses().subList(before, coordinator.addresses().size()),
        "held outcomes go before any new work");
    assertEquals(failure(), coordinator.requests(FAILURE).get(1).message());
    assertEquals(2, coordinator.requests(FAILURE).size(), "one failed attempt, one delivery");
    assertEquals(0, outbox.size());
  }

  @Test
  void aRevokedLeaseCancelsTheTaskWhoseHandBackIsNotOwed() {
    answering();
    coordinator.answer(HEARTBEAT, m -> new HeartbeatAck(true, ((Heartbeat) m).leaseId() == null));
    link(Duration.ofSeconds(10)).start();
    lease();
    ticker.advanceToMillis(1_000);
    assertEquals("lease-1", beat(coordinator.requests(HEARTBEAT).get(0)).leaseId(), "the heartbeat renews the lease");
    Cancellation.CancelledException e = assertThrows(Cancellation.CancelledException.class,
        tasks.started.get(0).cancellation()::check);
    assertEquals("the coordinator revoked lease lease-1 of task task-1", e.getMessage());
    tasks.end(new TaskRelease("task-1", "lease-1", "agent-1", e.getMessage()));
    assertEquals(List.of(), coordinator.requests(RELEASE));
    assertEquals(1_000L, coordinator.waiting(LEASE).atMillis(), "free for the next task at once");
  }

  @Test
  void shutdownLetsTheTaskRunForTheGraceThenHandsItBackAndLeaves() {
    answering();
    CoordinatorLink link = link(Duration.ofSeconds(10));
    link.start();
    lease();
    ticker.advanceToMillis(500);
    CompletableFuture<Void> stopped = link.shutdown(Duration.ofSeconds(2)).toCompletableFuture();
    ticker.advanceToMillis(2_499);
    Cancellation cancellation = tasks.started.get(0).cancellation();
    assertDoesNotThrow(cancellation::check, "running within the grace");
    ticker.advanceToMillis(2_500);
    Cancellation.CancelledException e = assertThrows(Cancellation.CancelledException.class, cancellation::check);
    assertFalse(stopped.isDone());
    tasks.end(new TaskRelease("task-1", "lease-1", "agent-1", e.getMessage()));
    assertEquals(List.of(RELEASE, LEAVE), coordinator.addresses().subList(coordinator.addresses().size() - 2,
        coordinator.addresses().size()));
    assertEquals("the agent is shutting down", ((TaskRelease) coordinator.requests(RELEASE).get(0).message()).reason());
    assertTrue(stopped.isDone());
  }

  @Test
  void aCoordinatorThatForgotTheAgentIsRegisteredWithAgain() {
    answering();
    coordinator.answer(HEARTBEAT, m -> new HeartbeatAck(false, false));
    link(Duration.ofSeconds(10)).start();
    ticker.advanceToMillis(999);
    assertEquals(1, coordinator.requests(REGISTER).size());
    ticker.advanceToMillis(1_000);
    assertEquals(List.of(0L, 1_000L), times(REGISTER));
  }

  @Test
  void anAgentRegisteringAgainClaimsTheTaskItMeasuresAndTheResultsItHolds() {
    answering();
    coordinator.answer(HEARTBEAT, m -> new HeartbeatAck(false, false));
    CoordinatorLink first = link(Duration.ofSeconds(10));
    first.start();
    assertEquals(List.of(), register(0).claims(), "a first registration holds nothing");
    lease();
    ticker.advanceToMillis(1_000);
    assertEquals(List.of(new Claim("task-1", "lease-1", false)), register(1).claims(),
        "a coordinator that forgot the agent hears which task it measures");

    coordinator.down();
    ticker.advanceToMillis(2_000);
    tasks.end(result());
    ticker.advanceToMillis(20_000);
    assertTrue(first.givenUp());
    coordinator.up();
    link(Duration.ofSeconds(10)).start();
    Register again = register(coordinator.requests(REGISTER).size() - 1);
    assertEquals(List.of(new Claim("task-1", "lease-1", true)), again.claims(),
        "the result held over the outage is claimed, and the task is no longer said to be measuring");
  }

  private Register register(int index) {
    return (Register) coordinator.requests(REGISTER).get(index).message();
  }

  private static TaskResult result() {
    return new TaskResult("task-1", "lease-1", "agent-1", "host-1", "edge", "a".repeat(64),
        new Measurement("tflite", 0, 0, 0, 0, true, 1, 1, EncodedHistogram.of(new org.HdrHistogram.Histogram(3)), false,
            0, List.of(), Double.NaN, List.of(), List.of()));
  }
}
