package dev.tierbench.coordinator.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The run database's one writer thread, committing in groups: writes queued while a commit is on disk go into the
 * next transaction together, each in a savepoint of its own (one that fails is undone alone), and each is answered
 * only once that transaction is committed. A result acknowledged to its agent is on disk as before (synchronous
 * FULL), but a fleet's results cost one disk flush per group instead of one each. Writes run in the order given.
 */
public final class GroupCommit implements AutoCloseable {

  /** Enough for a busy fleet's burst; a group stays small enough to commit in milliseconds. */
  private static final int MAX_GROUP = 512;

  private final LinkedBlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  public GroupCommit(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code work} alone, in order after everything submitted before: opening and closing a database, or work
   * that is not a write.
   *
   * @param answer called on this writer's thread with the value or the failure
   */
  public <T> void alone(Callable<T> work, BiConsumer<T, Throwable> answer) {
    queue.add(new Write<>(null, work, answer));
  }

  /** Runs {@code work} on {@code store}, in a group with the writes next to it; answered after the group commits. */
  public <T> void grouped(RunWriter store, Callable<T> work, BiConsumer<T, Throwable> answer) {
    queue.add(new Write<>(store, work, answer));
  }

  private void loop() {
    List<Write<?>> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Write<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        // A group shares one store; a write alone, or one on another store, starts the next group.
        while (first.store != null && group.size() < MAX_GROUP && queue.peek() != null
            && queue.peek().store == first.store) {
          group.add(queue.poll());
        }
        run(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  private static void run(List<Write<?>> group) {
    Write<?> first = group.get(0);
    if (first.store == null) {
      first.run();
      first.answer();
      return;
    }
    try {
      first.store.inOneTransaction(() -> group.forEach(Write::run));
    } catch (RuntimeException e) {
      // The commit failed: nothing of the group is on disk, whatever each write did.
      group.forEach(w -> w.failure = e);
    }
    group.forEach(Write::answer);
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One write, what it gave, and whom to tell. */
  private static final class Write<T> {
    final RunWriter store;
    final Callable<T> work;
    final BiConsumer<T, Throwable> answer;
    T value;
    Throwable failure;

    Write(RunWriter store, Callable<T> work, BiConsumer<T, Throwable> answer) {
      this.store = store;
      this.work = work;
      this.answer = answer;
    }

    void run() {
      try {
        value = store == null ? work.call() : store.inSavepoint(work);
      } catch (Exception | Error e) {
        failure = e;
      }
    }

    void answer() {
      answer.accept(failure == null ? value : null, failure);
    }
  }
}
