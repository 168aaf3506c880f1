package dev.tierbench.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection to a run's SQLite database: how it is opened, its transactions and queries. Every failure becomes a
 * {@link StoreException} naming the file.
 */
public final class Database implements AutoCloseable {

  /** Work on the connection that may throw; a transaction's work runs whole or not at all. */
  public interface SqlWork {
    void run() throws SQLException;
  }

  /** Reads one row of a query's answer. */
  public interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private final Path file;
  private final Connection connection;

  private Database(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating if needed) {@code file} for the run's one writer. */
  public static Database forWriting(Path file) {
    Database db = connect(file);
    try {
      db.execute("PRAGMA journal_mode=WAL");
      // FULL: a result acknowledged to an agent survives a crash of this process or of the machine.
      db.execute("PRAGMA synchronous=FULL");
      db.execute("PRAGMA foreign_keys=ON");
    } catch (StoreException e) {
      db.close();
      throw new StoreException("cannot open result database " + file + ": " + e.getCause().getMessage(), e);
    }
    return db;
  }

  /** Opens {@code file} to read it, possibly while its writer goes on (WAL lets both work together). */
  public static Database forReading(Path file) {
    return connect(file);
  }

  private static Database connect(Path file) {
    try {
      return new Database(file, DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()));
    } catch (SQLException e) {
      throw new StoreException("cannot open result database " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** For the prepared statements of a transaction's work. */
  public Connection connection() {
    return connection;
  }

  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in a transaction of its own; inside a group (see {@link GroupCommit}) it is part of the
   * group's, where its savepoint is the unit that holds or fails.
   */
  public void transaction(SqlWork work) {
    try {
      if (!connection.getAutoCommit()) {
        work.run();
        return;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
    group(work);
  }

  /** Runs {@code all} in one transaction, committed once: the writes of a group, each in a {@link #savepoint}. */
  public void group(SqlWork all) {
    try {
      connection.setAutoCommit(false);
      try {
        all.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} inside the group's transaction, undoing what it wrote if it fails. */
  public <T> T savepoint(java.util.concurrent.Callable<T> work) throws Exception {
    java.sql.Savepoint savepoint = connection.setSavepoint();
    try {
      T value = work.call();
      connection.releaseSavepoint(savepoint);
      return value;
    } catch (Exception | Error e) {
      connection.rollback(savepoint);
      throw e;
    }
  }

  /** Runs {@code sql} with {@code parameters} bound in order, each row to {@code reader}. */
  public void query(String sql, RowReader reader, Object... parameters) {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The names of the tables the database has. */
  public Set<String> tables() {
    Set<String> tables = new LinkedHashSet<>();
    query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        rs -> tables.add(rs.getString(1)));
    return tables;
  }

  /** The names of {@code table}'s columns, in order; none when there is no such table. */
  public List<String> columns(String table) {
    List<String> columns = new ArrayList<>();
    query("SELECT name FROM pragma_table_info(?)", rs -> columns.add(rs.getString(1)), table);
    return columns;
  }

  /**
   * An insert of {@code columns} into {@code table}, one placeholder each: statements name their columns, because a
   * database migrated from an earlier version has its columns in another order than a new one.
   */
  public static String insert(String verb, String table, List<String> columns) {
    return verb + " INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
