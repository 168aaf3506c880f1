package dev.tierbench.coordinator.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueStoreTest {

  @TempDir
  Path dir;

  private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void aSweepSubmittedTwiceMakesTwoRunsSkippingFoldersTaken() {
    try (QueueStore queue = QueueStore.open(dir)) {
      QueuedRun first = queue.add("kws", "alice", 1, T, id -> false);
      QueuedRun second = queue.add("kws", "bob", 2, T, id -> id.equals("kws-2"));
      assertEquals("kws-1", first.id());
      assertEquals("kws-3", second.id(), "kws-2 has a folder already");
      assertEquals(List.of("kws-1", "kws-3"), queue.all().stream().map(QueuedRun::id).toList());
      assertEquals(RunStatus.QUEUED, second.status());
      assertEquals("bob", second.submitter());
    }
  }

  @Test
  void aRunMovesOnlyAlongItsLifeAndTheQueueSurvivesAReopen() {
    try (QueueStore queue = QueueStore.open(dir)) {
      String id = queue.add("kws", "alice", 1, T, x -> false).id();
      assertTrue(queue.move(id, RunStatus.RUNNING, T, "").isEmpty(), "not prepared yet");
      queue.move(id, RunStatus.PREPARING, T, "").orElseThrow();
      QueuedRun running = queue.move(id, RunStatus.RUNNING, T.plusSeconds(5), "").orElseThrow();
      assertEquals(T.plusSeconds(5), running.startedAt());
      QueuedRun cancelled = queue.move(id, RunStatus.CANCELLED, T.plusSeconds(9), "cancelled by bob").orElseThrow();
      assertEquals("cancelled by bob", cancelled.reason());
      assertEquals(T.plusSeconds(9), cancelled.endedAt());
      assertTrue(queue.move(id, RunStatus.DONE, T, "").isEmpty(), "an ended run stays ended");
      assertTrue(queue.move("nope", RunStatus.PREPARING, T, "").isEmpty());
    }
    try (QueueStore again = QueueStore.open(dir)) {
      assertEquals(RunStatus.CANCELLED, again.get("kws-1").orElseThrow().status());
      assertEquals("kws-2", again.add("kws", "alice", 1, T, x -> false).id());
    }
  }

  @Test
  void everyStateCanEndButNoEndedOneMoves() {
    for (RunStatus status : RunStatus.values()) {
      assertEquals(status.ended(), status.next().isEmpty(), status.toString());
      if (!status.ended()) {
        assertTrue(status.next().contains(RunStatus.CANCELLED), status + " can be cancelled");
      }
    }
    assertEquals(Set.of(RunStatus.PREPARING, RunStatus.CANCELLED), RunStatus.QUEUED.next());
  }

  @Test
  void aPriorityOutsideOneToTenIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new QueuedRun("a", "a", "x", 0, RunStatus.QUEUED, T, null,
        null, ""));
    assertThrows(IllegalArgumentException.class, () -> new QueuedRun("a", "a", "x", 11, RunStatus.QUEUED, T, null,
        null, ""));
  }
}
