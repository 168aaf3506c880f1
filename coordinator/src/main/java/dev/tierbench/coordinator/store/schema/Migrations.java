package dev.tierbench.coordinator.store.schema;

import java.util.List;

import dev.tierbench.coordinator.store.Database;
import dev.tierbench.coordinator.store.StoreException;

/**
 * Brings a run database to the latest schema version, so that a run written by any earlier tierbench can be read,
 * reported and resumed. The version is kept in SQLite's {@code user_version}. Databases written before it was kept
 * have 0 there: their version is found from the tables and columns they have, and recorded. Each later
 * {@link SchemaStep} then runs in a transaction of its own that records its number, so an interrupted upgrade goes
 * on from where it stopped. Steps add tables and columns, empty or with a default; they change no data.
 */
public final class Migrations {

  /** The schema version this tierbench writes. */
  public static final int LATEST = Steps.ALL.get(Steps.ALL.size() - 1).number();

  private Migrations() {}

  /** A new database gets the latest tables; an existing one is upgraded as {@link #upgrade} does. */
  public static void prepare(Database db) {
    if (version(db) == 0 && db.tables().isEmpty()) {
      db.transaction(() -> {
        Tables.create(db);
        record(db, LATEST);
      });
    } else {
      upgrade(db);
    }
  }

  /**
   * Upgrades an existing run database to {@link #LATEST}; nothing is written when it is there already.
   *
   * @throws StoreException when it is not a run database, or a newer tierbench wrote it
   */
  public static void upgrade(Database db) {
    int version;
    try {
      version = version(db);
    } catch (StoreException e) {
      // A file that is not SQLite at all shows it at its first read.
      throw new StoreException(db.file() + " is not a tierbench run database: " + e.getCause().getMessage(), e);
    }
    if (version > LATEST) {
      throw new StoreException(db.file() + " has schema version " + version + ", written by a newer tierbench; this"
          + " one reads versions up to " + LATEST, null);
    }
    if (version == 0) {
      int found = detect(db);
      db.transaction(() -> record(db, found));
      version = found;
    }
    for (SchemaStep step : Steps.ALL) {
      if (step.number() > version) {
        db.transaction(() -> {
          step.changes().stream().filter(c -> !c.presentIn(db)).forEach(c -> c.applyTo(db));
          record(db, step.number());
        });
      }
    }
  }

  /** The version recorded in {@code db}; 0 when none is. */
  public static int version(Database db) {
    int[] version = {0};
    db.query("PRAGMA user_version", rs -> version[0] = rs.getInt(1));
    return version[0];
  }

  /**
   * The version of a database that has none recorded: the last step whose changes it has, as have all before it.
   * A step's changes are looked for together, since an earlier tierbench could leave a later table without the
   * columns that came with it.
   */
  static int detect(Database db) {
    List<String> missing = Steps.FIRST_TABLES.stream().filter(t -> !db.tables().contains(t)).toList();
    if (!missing.isEmpty()) {
      throw new StoreException(db.file() + " is not a tierbench run database (no table " + String.join(", ", missing)
          + ")", null);
    }
    int version = 1;
    for (SchemaStep step : Steps.ALL) {
      if (!step.changes().stream().allMatch(c -> c.presentIn(db))) {
        break;
      }
      version = step.number();
    }
    return version;
  }

  private static void record(Database db, int version) {
    // PRAGMA takes no bound parameters; the version is a number of ours.
    db.execute("PRAGMA user_version = " + version);
  }
}
