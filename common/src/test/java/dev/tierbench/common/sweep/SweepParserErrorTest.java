package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.common.yaml.YamlException.Problem;

/**
 * Bad sweep files: each mistake is reported with file:line:column and what is allowed there. Columns and lines
 * in the expectations are counted by hand from the YAML text of each test (1-based).
 */
class SweepParserErrorTest {

  private static final Path FILE = Path.of("sweeps", "bad.yaml");

  private static YamlException errorOf(String yaml) {
    return assertThrows(YamlException.class, () -> SweepParser.parse(yaml, FILE));
  }

  /** The one problem of a file with exactly one mistake. */
  private static Problem onlyProblem(String yaml) {
    YamlException e = errorOf(yaml);
    assertEquals(1, e.problems().size(), () -> "expected one problem, got:\n" + e.getMessage());
    return e.problems().get(0);
  }

  private static Location at(int line, int column) {
    return new Location(FILE.toString(), line, column);
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in:\n" + text);
    }
  }

  @Test
  void malformedYamlNamesTheLineAndColumnOfTheMistake() {
    Problem p = onlyProblem("""
        name: demo
        models:
        \t- a.tflite
        """);
    assertEquals(at(3, 1), p.location());
    assertContains(p.message(), "malformed YAML", "TAB");
  }

  @Test
  void malformedYamlSaysWhatWasExpected() {
    YamlException e = errorOf("name: demo\nmodels: [a.tflite\n");
    Problem p = e.problems().get(0);
    // The mistake is found at the end of the text; the message says where the unclosed list began.
    assertEquals(at(3, 1), p.location());
    assertContains(p.message(), "malformed YAML", "expected ',' or ']'", "flow sequence", "line 2, column 9");
    assertTrue(e.getMessage().startsWith("sweeps/bad.yaml:3:1: malformed YAML"), e.getMessage());
  }

  @Test
  void misplacedMappingValueIsMalformed() {
    Problem p = onlyProblem("name: demo\nmodels: a: b\n");
    assertEquals(at(2, 10), p.location());
    assertContains(p.message(), "mapping values are not allowed here");
  }

  @Test
  void unknownTopLevelKeySuggestsTheClosestAndListsAllowedKeys() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axs:
          batch: 1
        """);
    assertEquals(at(3, 1), p.location());
    assertEquals("unknown key 'axs' in the sweep (did you mean 'axes'?); allowed keys: name, description, models, "
        + "axes, tiers, repetitions, measurement, analysis, adaptive", p.message());
  }

  @Test
  void unknownKeyFarFromEveryKnownKeyHasNoSuggestion() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\ncolour: blue\n");
    assertEquals(at(3, 1), p.location());
    assertContains(p.message(), "unknown key 'colour'", "allowed keys: name,");
    assertTrue(!p.message().contains("did you mean"), p.message());
  }

  @Test
  void unknownAxisSuggestsTheClosestAndListsAllowedAxes() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          batch: 1
          treads: 2
        """);
    assertEquals(at(5, 3), p.location());
    assertEquals("unknown key 'treads' in axes (did you mean 'threads'?); allowed keys: batch, threads, xnnpack, scenario, rate, cpus, engine, optimization, provider",
        p.message());
  }

  @Test
  void anUnknownEngineListsTheEngines() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          engine: [tflite, tensorrt]
        """);
    assertEquals(at(4, 20), p.location());
    assertContains(p.message(), "axis 'engine' value", "tflite, onnxruntime, tflite-2.6", "tensorrt");
  }

  @Test
  void aGeneratedVariantsFormatIsTheEngineAxisJobAndSaysSo() {
    Problem p = onlyProblem("""
        name: demo
        models:
          - generate: mlp
            params: {depth: 1, format: onnx}
        """);
    assertEquals(at(4, 24), p.location());
    assertContains(p.message(), "parameter 'format' is not set in a sweep", "axes (engine: [onnxruntime])");
  }

  @Test
  void unknownMeasurementAndModelKeysAreReported() {
    YamlException e = errorOf("""
        name: demo
        models:
          - paht: a.tflite
        measurement:
          warmpu: 3
        """);
    assertEquals(3, e.problems().size(), e.getMessage());
    Problem unknownModelKey = e.problems().get(0);
    assertEquals(at(3, 5), unknownModelKey.location());
    assertContains(unknownModelKey.message(), "unknown key 'paht' in a model", "did you mean 'path'",
        "allowed keys: path, generate, params, train, name");
    Problem missingPath = e.problems().get(1);
    assertEquals(at(3, 5), missingPath.location());
    assertEquals("a model needs either 'path' (a .tflite file) or 'generate' (a family: mlp, cnn, encoder)",
        missingPath.message());
    Problem unknownMeasurementKey = e.problems().get(2);
    assertEquals(at(5, 3), unknownMeasurementKey.location());
    assertContains(unknownMeasurementKey.message(), "did you mean 'warmup'",
        "allowed keys: warmup, max-warmup, stability-windows, stability-tolerance, min-duration, min-queries,"
            + " max-duration, latency-bound, seed");
  }

  @Test
  void batchAsTextIsTheWrongType() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          batch: four
        """);
    assertEquals(at(4, 10), p.location());
    assertEquals("axis 'batch' value must be a whole number, got the text 'four'", p.message());
  }

  @Test
  void quotedNumberIsTextNotANumber() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes: {threads: \"4\"}\n");
    assertEquals(at(3, 17), p.location());
    assertEquals("axis 'threads' value must be a whole number, got the text '4'", p.message());
  }

  @Test
  void decimalBatchIsTheWrongType() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes: {batch: [1, 2.5]}\n");
    assertEquals(at(3, 19), p.location());
    assertEquals("axis 'batch' value must be a whole number, got '2.5'", p.message());
  }

  @Test
  void xnnpackAsNumberIsTheWrongType() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          xnnpack: 3
        """);
    assertEquals(at(4, 12), p.location());
    assertEquals("axis 'xnnpack' value must be true or false, got '3'", p.message());
  }

  @Test
  void batchZeroIsOutOfRange() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          batch: [1, 0]
        """);
    assertEquals(at(4, 14), p.location());
    assertEquals("axis 'batch' value must be between 1 and 65536, got 0", p.message());
  }

  @Test
  void threadsAboveTheMaximumAreOutOfRange() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes: {threads: 1025}\n");
    assertEquals("axis 'threads' value must be between 1 and 1024, got 1025", p.message());
  }

  @Test
  void negativeRepetitionsAreOutOfRange() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        repetitions: -1
        """);
    assertEquals(at(3, 14), p.location());
    assertEquals("repetitions must be between 1 and 1000, got -1", p.message());
  }

  @Test
  void durationWithAnUnknownUnitSaysHowToWriteOne() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        measurement:
          min-duration: 2 parsecs
        """);
    assertEquals(at(4, 17), p.location());
    assertEquals("min-duration: '2 parsecs' is not a duration: write a number and a unit, e.g. 500ms, 2s, 1.5m, 1h",
        p.message());
  }

  @Test
  void durationAsABareNumberSaysHowToWriteOne() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement: {max-duration: 30}\n");
    assertContains(p.message(), "max-duration must be a duration such as 500ms, 2s or 1m, got '30'");
  }

  @Test
  void maxDurationBelowMinDurationIsReportedAtMaxDuration() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        measurement:
          min-duration: 2s
          max-duration: 500ms
        """);
    assertEquals(at(5, 17), p.location());
    assertEquals("max-duration (500ms) must be positive and at least min-duration (2s)", p.message());
  }

  @Test
  void maxDurationZeroIsRejected() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement:\n  min-duration: 0\n  max-duration: 0\n");
    assertEquals(at(5, 17), p.location());
    assertContains(p.message(), "max-duration (0s) must be positive");
  }

  @Test
  void minDurationAboveTheDefaultMaximumIsReportedAtTheMeasurementMapping() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement:\n  min-duration: 2m\n");
    assertEquals(at(4, 3), p.location());
    assertEquals("max-duration (1m) must be positive and at least min-duration (2m)", p.message());
  }

  @Test
  void warmupAndMinQueriesAreRangeChecked() {
    YamlException e = errorOf("name: demo\nmodels: [a.tflite]\nmeasurement:\n  warmup: -5\n  min-queries: 0\n");
    assertEquals(List.of(at(4, 11), at(5, 16)), e.problems().stream().map(Problem::location).toList());
    assertContains(e.getMessage(), "warmup must be between 0 and 1000000, got -5",
        "min-queries must be between 1 and " + Long.MAX_VALUE + ", got 0");
  }

  @Test
  void missingNameIsReportedAtTheTopOfTheFile() {
    Problem p = onlyProblem("""
        models: [a.tflite]
        """);
    assertEquals(at(1, 1), p.location());
    assertEquals("the sweep needs the key 'name'", p.message());
  }

  @Test
  void nameWithSpacesIsRejectedWithTheRule() {
    Problem p = onlyProblem("name: my sweep\nmodels: [a.tflite]\n");
    assertEquals(at(1, 7), p.location());
    assertEquals("name 'my sweep' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
        p.message());
  }

  @Test
  void missingModelsIsReported() {
    Problem p = onlyProblem("name: demo\ntiers: [edge]\n");
    assertEquals(at(1, 1), p.location());
    assertEquals("the sweep needs the key 'models'", p.message());
  }

  @Test
  void emptyModelsListIsReportedAtTheList() {
    Problem p = onlyProblem("name: demo\nmodels: []\n");
    assertEquals(at(2, 9), p.location());
    assertEquals("models must list at least one model", p.message());
  }

  @Test
  void modelsAsASingleTextIsNotAList() {
    Problem p = onlyProblem("name: demo\nmodels: a.tflite\n");
    assertEquals(at(2, 9), p.location());
    assertEquals("models must be a list, got the text 'a.tflite'", p.message());
  }

  @Test
  void duplicateModelNameIsReportedAtTheSecondEntryAndNamesTheFirst() {
    Problem p = onlyProblem("""
        name: demo
        models:
          - models/a.tflite
          - other/a.tflite
        """);
    assertEquals(at(4, 5), p.location());
    assertEquals("model name 'a' is used twice (first at sweeps/bad.yaml:3:5); give one of them another 'name'",
        p.message());
  }

  @Test
  void duplicateExplicitModelNameIsReported() {
    Problem p = onlyProblem("""
        name: demo
        models:
          - {path: a.tflite, name: m}
          - {path: b.tflite, name: m}
        """);
    assertEquals(at(4, 5), p.location());
    assertContains(p.message(), "model name 'm' is used twice");
  }

  @Test
  void duplicateAxisValueIsReportedAtTheRepeat() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        axes:
          batch: [1, 4, 1]
        """);
    assertEquals(at(4, 17), p.location());
    assertEquals("axis 'batch' lists 1 twice", p.message());
  }

  @Test
  void emptyAxisListIsReported() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes:\n  threads: []\n");
    assertEquals(at(4, 12), p.location());
    assertEquals("axis 'threads' must list at least one value", p.message());
  }

  @Test
  void duplicateTierIsReportedAtTheRepeat() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        tiers: [edge, cloud, edge]
        """);
    assertEquals(at(3, 22), p.location());
    assertEquals("tier 'edge' is listed twice", p.message());
  }

  @Test
  void badTierNameIsRejectedWithTheRule() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        tiers:
          - edge
          - raspberry pi
        """);
    assertEquals(at(5, 5), p.location());
    assertEquals("tier 'raspberry pi' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
        p.message());
  }

  @Test
  void emptyTierListIsReported() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\ntiers: []\n");
    assertEquals(at(3, 8), p.location());
    assertEquals("tiers must list at least one tier", p.message());
  }

  @Test
  void duplicateYamlKeyNamesBothPlaces() {
    Problem p = onlyProblem("""
        name: demo
        models: [a.tflite]
        name: again
        """);
    assertEquals(at(3, 1), p.location());
    assertEquals("duplicate key 'name' (first at sweeps/bad.yaml:1:1)", p.message());
  }

  @Test
  void aFileThatIsNotAMappingIsRejected() {
    Problem p = onlyProblem("- name: demo\n");
    assertEquals(at(1, 1), p.location());
    assertEquals("a sweep file must be a mapping of keys to values, got a list", p.message());
  }

  @Test
  void anEmptyFileIsRejected() {
    Problem p = onlyProblem("");
    assertEquals(at(1, 1), p.location());
    assertEquals("a sweep file must be a mapping of keys to values, got nothing (null)", p.message());
  }

  @Test
  void aMissingSweepFileIsReportedAsSuch(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(missing));
    assertEquals(new Location(missing.toString(), 1, 1), e.problems().get(0).location());
    assertEquals(missing + ":1:1: sweep file not found", e.getMessage());
  }

  @Test
  void everyProblemOfAFileIsReportedInOneException() {
    YamlException e = errorOf("""
        description: no name here
        models:
          - a.tflite
          - a.tflite
        axes:
          batch: four
          treads: 2
          xnnpack: 3
        tiers: [edge, edge]
        repetitions: 0
        measurement:
          min-duration: 2 parsecs
        """);

    List<Problem> problems = e.problems();
    assertEquals(List.of(
        at(1, 1),   // missing name
        at(4, 5),   // model name 'a' twice
        at(7, 3),   // unknown axis treads
        at(6, 10),  // batch: four
        at(8, 12),  // xnnpack: 3
        at(9, 15),  // tier edge twice
        at(10, 14), // repetitions 0
        at(12, 17)  // 2 parsecs
    ), problems.stream().map(Problem::location).toList(), e.getMessage());
    // The exception's message lists every problem, one per line, each starting with its location.
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(problems.size(), lines.size());
    for (int i = 0; i < problems.size(); i++) {
      assertEquals(problems.get(i).toString(), lines.get(i));
      assertTrue(lines.get(i).startsWith("sweeps/bad.yaml:"), lines.get(i));
    }
  }

  @Test
  void aRecommendationNeedsExactlyOneGoalAndKnownKeys() {
    YamlException e = errorOf("""
        name: demo
        models: [a.tflite]
        analysis:
          objectives: [p99_ms, throughput]
          recommend:
            - where: ["p99_ms<=50"]
            - maximize: throughput
              minimize: p50_ms
            - maximise: accuracy
        """);
    assertEquals(4, e.problems().size(), e::getMessage);
    assertEquals(at(6, 7), e.problems().get(0).location());
    assertContains(e.problems().get(0).message(), "either 'maximize: METRIC' or 'minimize: METRIC'");
    assertContains(e.problems().get(1).message(), "not both");
    assertContains(e.problems().get(2).message(), "unknown key 'maximise'", "did you mean 'maximize'?");
  }

  @Test
  void aGeneratedModelTakesItsGeneratorsFamily() {
    Problem p = onlyProblem("""
        name: demo
        models:
          - {generate: mlp, params: {depth: 1, width: 8}, family: other}
        """);
    assertContains(p.message(), "'family' goes with a model file");
  }

  @Test
  void aDeviceGivenAsTheSweepIsRefusedByWhatItIs() {
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(Path.of("/dev/zero")));
    assertEquals("/dev/zero:1:1: is a character device, not a regular file, so it cannot be a sweep file",
        e.getMessage());
  }

  @Test
  void aFolderGivenAsTheSweepIsRefused(@TempDir Path dir) {
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(dir));
    assertEquals(dir + ":1:1: is a folder, not a sweep file", e.getMessage());
  }

  @Test
  void aSweepThatIsNotUtf8IsPlacedAtItsBadByte(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    java.nio.file.Files.write(file, "name: demo\ndescription: caf\u00e9\n".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1));
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(file));
    assertEquals(new Location(file.toString(), 2, 17), e.problems().get(0).location());
    assertContains(e.getMessage(), "not UTF-8: byte 0xE9");
  }

  @Test
  void aDurationThatWouldSaturateIsRefusedWhereItIsWritten() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement:\n  min-duration: 99999999999999999999s\n");
    assertEquals(at(4, 17), p.location());
    assertEquals("min-duration: '99999999999999999999s' is longer than 168h, the longest duration tierbench takes",
        p.message());
  }

  @Test
  void aMeasurementDurationAboveAnHourIsRefused() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement:\n  max-warmup: 2h\n");
    assertEquals(at(4, 15), p.location());
    assertEquals("max-warmup must be at most 1h, got 2h", p.message());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {".nan", ".NaN", ".inf", "-.inf", "1e999"})
  void aToleranceThatIsNotAFiniteNumberIsRefusedWithItsPlace(String written) {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\nmeasurement:\n  stability-tolerance: " + written
        + "\n");
    assertEquals(at(4, 24), p.location());
    assertEquals("stability-tolerance (a fraction) must be a finite number, got " + written, p.message());
  }

  @Test
  void aCpuNoMachineHasIsRefusedAtParseTime() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes:\n  cpus: [\"0-1000000000\"]\n");
    assertEquals(at(4, 10), p.location());
    assertEquals("axis 'cpus' value must name CPUs 0 to 8191 (the most Linux numbers), got '1000000000' in"
        + " '0-1000000000'", p.message());
  }

  @Test
  void aBackwardCpuRangeIsRefused() {
    Problem p = onlyProblem("name: demo\nmodels: [a.tflite]\naxes:\n  cpus: \"0,5-2\"\n");
    assertEquals("axis 'cpus' value must list CPU ranges low to high, got '5-2' in '0,5-2'", p.message());
  }

  @Test
  void aGeneratedEntryOfMillionsOfVariantsIsRefusedBeforeTheyAreMade() {
    String hundred = java.util.stream.IntStream.rangeClosed(1, 101).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    Problem p = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> onlyProblem(
        "name: demo\nmodels:\n  - generate: mlp\n    params: {depth: " + hundred + ", width: " + hundred + "}\n"));
    assertEquals(at(3, 5), p.location());
    assertEquals("mlp: the listed parameters make more than 10000 variants; list fewer values", p.message());
  }

  @Test
  void aBadAdaptiveSectionNamesTheKeyAndWhatItTakes() {
    Problem budget = onlyProblem("name: d\nmodels: [a.tflite]\nadaptive:\n  budget: 140%\n");
    assertEquals(at(4, 11), budget.location());
    assertContains(budget.message(), "budget", "140%", "count (120) or a share");
    Problem stop = onlyProblem("name: d\nmodels: [a.tflite]\nadaptive: {stop-below: 1.5}\n");
    assertContains(stop.message(), "stop-below", "between");
    Problem key = onlyProblem("name: d\nmodels: [a.tflite]\nadaptive: {budjet: 10}\n");
    assertContains(key.message(), "budjet", "budget");
    Problem list = onlyProblem("name: d\nmodels: [a.tflite]\nadaptive: {initial: [1, 2]}\n");
    assertContains(list.message(), "initial", "a count");
  }
}
