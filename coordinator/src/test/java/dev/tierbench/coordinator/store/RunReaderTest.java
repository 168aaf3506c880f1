package dev.tierbench.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.coordinator.store.schema.Migrations;

class RunReaderTest {

  @TempDir
  Path dir;

  /** A copy of a database an earlier tierbench wrote, committed under src/test/resources/databases. */
  static Path copyOf(String name, Path dir) throws Exception {
    Path copy = dir.resolve(name);
    try (var in = RunReaderTest.class.getResourceAsStream("/databases/" + name)) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  @Test
  void aDatabaseFromAnEarlierVersionIsUpgradedWhenRead() throws Exception {
    // Written at schema version 5: no evaluations, no training columns.
    StoredRun run = RunReader.read(copyOf("v05-33ef5d4.db", dir));
    assertEquals(4, run.results().size());
    assertNull(run.results().get(0).evaluation());
    assertTrue(Double.isNaN(run.trials().get(0).training().seconds()));
  }

  @Test
  void aMissingFileIsNoRun() {
    StoreException e = assertThrows(StoreException.class, () -> RunReader.open(dir.resolve("none.db")));
    assertEquals("no run database at " + dir.resolve("none.db"), e.getMessage());
  }

  @Test
  void anotherDatabaseIsNotARunAndStaysAsItWas() throws Exception {
    Path other = dir.resolve("other.db");
    sql(other, "CREATE TABLE notes (text TEXT)");
    StoreException e = assertThrows(StoreException.class, () -> RunReader.open(other));
    assertEquals(other + " is not a tierbench run database (no table run, trials, tasks, attempts, agents, results)",
        e.getMessage());
    try (Database db = Database.forReading(other)) {
      assertEquals(java.util.Set.of("notes"), db.tables(), "reading it added nothing");
    }
  }

  @Test
  void aDatabaseANewerTierbenchWroteIsRefusedInOneLine() throws Exception {
    Path newer = dir.resolve("newer.db");
    RunWriter.open(newer).close();
    sql(newer, "PRAGMA user_version = " + (Migrations.LATEST + 1));
    StoreException e = assertThrows(StoreException.class, () -> RunReader.open(newer));
    assertEquals(newer + " has schema version " + (Migrations.LATEST + 1) + ", written by a newer tierbench; this one"
        + " reads versions up to " + Migrations.LATEST, e.getMessage());
  }

  private static void sql(Path file, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
