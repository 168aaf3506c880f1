package dev.tierbench.coordinator.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.tierbench.coordinator.store.Database;
import dev.tierbench.coordinator.store.StoreException;

/**
 * The runs submitted to a coordinator, in a SQLite file beside the run folders, so that a restarted coordinator
 * knows which to resume and which still wait. Every change is one transaction; safe to call from any thread.
 */
public final class QueueStore implements AutoCloseable {

  /** The file in the runs folder. */
  public static final String FILE = "queue.db";

  private final Database db;

  private QueueStore(Database db) {
    this.db = db;
  }

  /** Opens (creating them if needed) {@code runsDir} and its queue. */
  public static QueueStore open(Path runsDir) {
    try {
      Files.createDirectories(runsDir);
    } catch (IOException e) {
      throw new StoreException("cannot make the runs folder " + runsDir + ": " + e.getMessage(), e);
    }
    Database db = Database.forWriting(runsDir.resolve(FILE));
    db.execute("""
        CREATE TABLE IF NOT EXISTS queue (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          sweep TEXT NOT NULL,
          submitter TEXT NOT NULL,
          priority INTEGER NOT NULL,
          status TEXT NOT NULL,
          submitted_at TEXT NOT NULL,
          started_at TEXT,
          ended_at TEXT,
          reason TEXT NOT NULL DEFAULT '')""");
    return new QueueStore(db);
  }

  /**
   * Queues a run of {@code sweep}; its id is the sweep's name and a number no run of this queue had, so a sweep
   * submitted twice makes two runs.
   *
   * @param taken whether a run folder of that id exists already (from {@code tierbench run}, say): skipped
   */
  public synchronized QueuedRun add(String sweep, String submitter, int priority, Instant at,
      Predicate<String> taken) {
    QueuedRun[] added = new QueuedRun[1];
    db.transaction(() -> {
      long next;
      try (PreparedStatement max = db.connection().prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM queue");
          ResultSet rs = max.executeQuery()) {
        next = rs.getLong(1);
      }
      // A run id is a folder name of at most 64 characters, as a sweep's name is: the number must fit too.
      String stem = sweep.substring(0, Math.min(sweep.length(), 52));
      String id = stem + "-" + next;
      while (taken.test(id) || get(id).isPresent()) {
        id = stem + "-" + ++next;
      }
      added[0] = new QueuedRun(id, sweep, submitter, priority, RunStatus.QUEUED, at, null, null, "");
      try (PreparedStatement insert = db.connection().prepareStatement("INSERT INTO queue (id, sweep, submitter,"
          + " priority, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setString(2, sweep);
        insert.setString(3, submitter);
        insert.setInt(4, priority);
        insert.setString(5, RunStatus.QUEUED.name());
        insert.setString(6, at.toString());
        insert.executeUpdate();
      }
    });
    return added[0];
  }

  /**
   * Moves run {@code id} to {@code status} at {@code at}, with {@code reason} for a failure or cancellation.
   *
   * @return the run as it is now; empty if there is no such run or it cannot go there from where it is
   */
  public synchronized Optional<QueuedRun> move(String id, RunStatus status, Instant at, String reason) {
    Optional<QueuedRun> run = get(id);
    if (run.isEmpty() || !run.get().status().next().contains(status)) {
      return Optional.empty();
    }
    String column = status == RunStatus.RUNNING ? "started_at" : status.ended() ? "ended_at" : null;
    db.transaction(() -> {
      try (PreparedStatement update = db.connection().prepareStatement("UPDATE queue SET status = ?, reason = ?"
          + (column == null ? "" : ", " + column + " = ?") + " WHERE id = ?")) {
        update.setString(1, status.name());
        update.setString(2, reason == null ? "" : reason);
        int i = 3;
        if (column != null) {
          update.setString(i++, at.toString());
        }
        update.setString(i, id);
        update.executeUpdate();
      }
    });
    return get(id);
  }

  /** Every run, oldest first. */
  public synchronized List<QueuedRun> all() {
    return select("");
  }

  public synchronized Optional<QueuedRun> get(String id) {
    return select(" WHERE id = ?", id).stream().findFirst();
  }

  private List<QueuedRun> select(String where, Object... parameters) {
    List<QueuedRun> runs = new ArrayList<>();
    Database.RowReader reader = rs -> runs.add(new QueuedRun(rs.getString("id"), rs.getString("sweep"),
        rs.getString("submitter"), rs.getInt("priority"), RunStatus.valueOf(rs.getString("status")),
        Instant.parse(rs.getString("submitted_at")), instant(rs.getString("started_at")),
        instant(rs.getString("ended_at")), rs.getString("reason")));
    db.query("SELECT * FROM queue" + where + " ORDER BY seq", reader, parameters);
    return runs;
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  @Override
  public void close() {
    db.close();
  }
}
