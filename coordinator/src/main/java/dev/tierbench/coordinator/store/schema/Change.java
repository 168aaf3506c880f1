package dev.tierbench.coordinator.store.schema;

import java.util.Objects;

import dev.tierbench.coordinator.store.Database;

/**
 * One change a schema step makes. Each is applied only where it is missing, so that a database an earlier tierbench
 * left half-changed (it created the tables it knew of, then failed on a column it lacked) is completed, not broken.
 */
public sealed interface Change {

  /** Whether {@code db} has it already. */
  boolean presentIn(Database db);

  /** Makes it; {@code db} must not have it. */
  void applyTo(Database db);

  /** A table, with the columns it had when it came. */
  record AddTable(String table, String columns) implements Change {
    public AddTable {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(columns, "columns");
    }

    @Override
    public boolean presentIn(Database db) {
      return db.tables().contains(table);
    }

    @Override
    public void applyTo(Database db) {
      db.execute("CREATE TABLE " + table + " (" + columns + ")");
    }
  }

  /**
   * A column. Its {@code type} carries a default when rows written before it existed must have a value (SQLite
   * adds a NOT NULL column only with one).
   */
  record AddColumn(String table, String column, String type) implements Change {
    public AddColumn {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public boolean presentIn(Database db) {
      return db.columns(table).contains(column);
    }

    @Override
    public void applyTo(Database db) {
      db.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }
  }
}
