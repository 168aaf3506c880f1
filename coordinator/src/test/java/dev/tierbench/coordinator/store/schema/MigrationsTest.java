package dev.tierbench.coordinator.store.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.store.Database;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunWriter;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * Databases that earlier tierbench versions wrote with their own CLI (src/test/resources/databases, README there),
 * upgraded and read as this version reads them.
 */
class MigrationsTest {


  @TempDir
  Path dir;

  /** Each file's name gives its schema version and the commit that wrote it. */
  static List<String> databases() {
    return List.of("v01-9bbbe74.db", "v05-33ef5d4.db", "v08-b63467b.db", "v11-10e8384.db", "v12-e85debe.db");
  }

  private Path copyOf(String name) throws Exception {
    Path copy = dir.resolve(name);
    try (var in = MigrationsTest.class.getResourceAsStream("/databases/" + name)) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  /** One stored result as the file holds it, read with plain SQL before anything is upgraded. */
  private record Row(String taskId, String trialId, int repetition, String agentId, String runtime, long queries,
      long p99Nanos, byte[] histogram) {}

  private static List<Row> rows(Path file) {
    List<Row> rows = new ArrayList<>();
    try (Database db = Database.forReading(file)) {
      db.query("SELECT task_id, trial_id, repetition, agent_id, runtime, queries, p99_ns, histogram FROM results"
          + " ORDER BY task_id", rs -> rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3),
              rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getBytes(8))));
    }
    return rows;
  }

  private static List<String> sql(Path file, String query) {
    List<String> values = new ArrayList<>();
    try (Database db = Database.forReading(file)) {
      db.query(query, rs -> values.add(rs.getString(1)));
    }
    return values;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anEarlierVersionsRunReadsBackWithTheValuesItHolds(String name) throws Exception {
    Path file = copyOf(name);
    int written = Integer.parseInt(name.substring(1, 3));
    List<Row> before = rows(file);
    List<String> trialIds = sql(file, "SELECT trial_id FROM trials ORDER BY rowid");
    List<String> models = sql(file, "SELECT DISTINCT model_name FROM trials");
    try (Database db = Database.forReading(file)) {
      assertEquals(0, Migrations.version(db), "versions before this one recorded none");
      assertEquals(written, Migrations.detect(db), "the version is found from the columns");
    }

    StoredRun run = RunReader.read(file);

    try (Database db = Database.forReading(file)) {
      assertEquals(Migrations.LATEST, Migrations.version(db));
    }
    assertEquals("tiny", run.runId());
    assertEquals(List.of("local"), run.tiers());
    assertEquals(2, run.repetitions());
    assertEquals(trialIds, run.trials().stream().map(t -> t.trialId()).toList());
    assertEquals(models, run.trials().stream().map(t -> t.model().name()).distinct().toList());
    assertEquals(Set.of(1, 2), new HashSet<>(run.trials().stream().map(t -> t.params().batch()).toList()));
    assertTrue(run.trials().stream().allMatch(t -> t.params().scenario() == Scenario.SINGLE_STREAM));
    assertEquals(4, before.size());
    assertEquals(before.size(), run.results().size());
    for (int i = 0; i < before.size(); i++) {
      Row row = before.get(i);
      StoredResult result = run.results().get(i);
      assertEquals(row.taskId(), result.taskId());
      assertEquals(row.trialId(), result.trialId());
      assertEquals(row.repetition(), result.repetition());
      assertEquals(row.agentId(), result.receipt().agentId());
      assertEquals(row.runtime(), result.measurement().runtime());
      assertEquals(row.queries(), result.measurement().queries());
      assertArrayEquals(row.histogram(), result.measurement().latency().bytes());
      assertEquals(row.p99Nanos(), LatencySummary.of(result.measurement().latency().decode()).p99(),
          "the stored p99 is the histogram's");
    }
    assertEquals(4, run.tasks().stream().filter(t -> t.state().equals("DONE")).count());
    assertFalse(run.agents().isEmpty());
    assertTrue(run.agents().stream().allMatch(a -> a.calibration() == null), "agents before calibration had none");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void upgradingTwiceChangesNothingAndGivesANewDatabasesTables(String name) throws Exception {
    Path file = copyOf(name);
    try (Database db = Database.forReading(file)) {
      Migrations.upgrade(db);
    }
    Map<String, Object> once = contents(file);
    try (Database db = Database.forReading(file)) {
      Migrations.upgrade(db);
    }
    assertEquals(once, contents(file));

    Path fresh = dir.resolve("fresh.db");
    RunWriter.open(fresh).close();
    assertEquals(columns(fresh), columns(file));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anEarlierVersionsRunResumesAndReports(String name) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("run"));
    Path file = Files.move(copyOf(name), folder.resolve(RunFolders.DATABASE));
    List<String> done = sql(file, "SELECT task_id FROM results");
    Path sweep = dir.resolve("tiny.yaml");
    Files.writeString(sweep, Files.readString(Path.of(MigrationsTest.class.getResource("/databases/tiny.yaml")
        .toURI())).replace("models/kws_ref_model.tflite", Fixtures.KWS.toAbsolutePath().toString()));
    Plan plan = Preparation.plan(SweepParser.parse(sweep));
    try (RunWriter writer = RunWriter.open(file)) {
      writer.savePlan("tiny", plan, java.time.Instant.now());
      assertEquals(new HashSet<>(done), writer.resumption().completed(), "what was measured is not measured again");
    }
    StoredRun run = RunReader.read(file);
    assertEquals(4, run.results().size());
    RunReport report = RunReport.write(folder, AnalysisSpec.DEFAULT);
    assertTrue(report.html() != null, "the report is made");
    assertEquals(1 + run.tasks().size(), Files.readAllLines(folder.resolve(RunFolders.RESULTS_CSV)).size());
  }

  @org.junit.jupiter.api.Test
  void aDatabaseAnEarlierVersionLeftHalfChangedIsCompleted() throws Exception {
    Path file = copyOf("v01-9bbbe74.db");
    try (Database db = Database.forReading(file)) {
      // Version 4 and later created the tables they knew of before they failed on the columns version 1 lacked.
      db.execute("CREATE TABLE system_metrics (" + Steps.SYSTEM_METRICS + ")");
      assertEquals(1, Migrations.detect(db));
    }
    assertEquals(4, RunReader.read(file).results().size());
    Path fresh = dir.resolve("fresh.db");
    RunWriter.open(fresh).close();
    assertEquals(columns(fresh), columns(file));
  }

  /** Every table's definition, the recorded version and every table's row count. */
  private static Map<String, Object> contents(Path file) {
    Map<String, Object> contents = new TreeMap<>();
    try (Database db = Database.forReading(file)) {
      contents.put("version", Migrations.version(db));
      db.query("SELECT name, sql FROM sqlite_master ORDER BY name", rs -> contents.put(rs.getString(1),
          rs.getString(2)));
      for (String table : db.tables()) {
        db.query("SELECT COUNT(*) FROM " + table, rs -> contents.put(table + " rows", rs.getLong(1)));
      }
    }
    return contents;
  }

  private static Map<String, Set<String>> columns(Path file) {
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    try (Database db = Database.forReading(file)) {
      new TreeSet<>(db.tables()).forEach(t -> columns.put(t, new TreeSet<>(db.columns(t))));
    }
    return columns;
  }
}
