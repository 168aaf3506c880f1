package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.config.Durations;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.yaml.Location;

/** Sweep files that are valid: what they parse to, and the defaults for what they leave out. */
class SweepParserTest {

  private static final Path FILE = Path.of("sweeps", "demo.yaml");

  private static Sweep parse(String yaml) {
    return SweepParser.parse(yaml, FILE);
  }

  private static Location at(int line, int column) {
    return new Location(FILE.toString(), line, column);
  }

  private static MeasureSettings defaultMeasure() {
    return new MeasureSettings(
        Integer.parseInt(Defaults.get("warmup")),
        Durations.parse(Defaults.get("min-duration")),
        Long.parseLong(Defaults.get("min-queries")),
        Durations.parse(Defaults.get("max-duration")));
  }

  @Test
  void minimalSweepTakesDefaultsForEverythingLeftOut() {
    Sweep sweep = parse("""
        name: minimal
        models: [a.tflite]
        """);

    assertEquals("minimal", sweep.name());
    assertEquals("", sweep.description());
    assertEquals(FILE, sweep.file());
    assertEquals(List.of("local"), sweep.tiers());
    assertEquals(1, sweep.repetitions());
    assertEquals(defaultMeasure(), sweep.measure());
    assertEquals(Map.of(), sweep.axes().values());
  }

  @Test
  void defaultMeasurementMatchesTheDocumentedDefaults() {
    // Guards the link between Defaults and the parser with literal values, so a changed default is noticed.
    MeasureSettings measure = parse("name: d\nmodels: [a.tflite]\n").measure();
    assertEquals(50, measure.warmup());
    assertEquals(Duration.ofSeconds(1), measure.minDuration());
    assertEquals(100, measure.minQueries());
    assertEquals(Duration.ofSeconds(60), measure.maxDuration());
  }

  @Test
  void modelsMayBePlainPathsOrMappingsWithPathAndName() {
    Sweep sweep = parse("""
        name: demo
        models:
          - models/a.tflite
          - path: models/b.tflite
            name: bee
          - {path: /abs/c.tflite}
          - models/no-extension
        """);

    assertEquals(List.of(
        new FileModelSource("a", "models/a.tflite", at(3, 5)),
        new FileModelSource("bee", "models/b.tflite", at(4, 5)),
        new FileModelSource("c", "/abs/c.tflite", at(6, 5)),
        new FileModelSource("no-extension", "models/no-extension", at(7, 5))),
        sweep.models());
  }

  @Test
  void axesAcceptAScalarOrAList() {
    Sweep sweep = parse("""
        name: demo
        models: [a.tflite]
        axes:
          batch: [1, 4, 16]
          threads: 2
          xnnpack: [true, false]
        """);

    assertEquals(List.of(1, 4, 16), sweep.axes().values().get(Axis.BATCH));
    assertEquals(List.of(2), sweep.axes().values().get(Axis.THREADS));
    assertEquals(List.of(true, false), sweep.axes().values().get(Axis.XNNPACK));
  }

  @Test
  void axisValuesHaveJavaTypesTrialParamsNeed() {
    Sweep sweep = parse("name: d\nmodels: [a.tflite]\naxes: {batch: 8, threads: [3], xnnpack: false}\n");
    assertInstanceOf(Integer.class, sweep.axes().values().get(Axis.BATCH).get(0));
    assertInstanceOf(Integer.class, sweep.axes().values().get(Axis.THREADS).get(0));
    assertInstanceOf(Boolean.class, sweep.axes().values().get(Axis.XNNPACK).get(0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[true, false]  | true,false",
      "[yes, no]      | true,false",
      "[off, on]      | false,true",
      "[True, FALSE]  | true,false",
      "Yes            | true",
      "OFF            | false"})
  void yamlBooleanWordsKeepTheirMeaning(String written, String expected) {
    // Jackson reads YAML 1.1's yes/no/on/off as booleans: 'yes' must not silently become false.
    Sweep sweep = parse("name: d\nmodels: [a.tflite]\naxes:\n  xnnpack: " + written + "\n");
    List<Object> values = List.of(expected.split(",")).stream().map(v -> (Object) Boolean.valueOf(v)).toList();
    assertEquals(values, sweep.axes().values().get(Axis.XNNPACK));
  }

  @Test
  void tiersRepetitionsDescriptionAndMeasurementAreRead() {
    Sweep sweep = parse("""
        name: full-sweep_1.0
        description: everything set
        models: [a.tflite]
        tiers: [edge, cloud]
        repetitions: 3
        measurement:
          warmup: 0
          min-duration: 500ms
          min-queries: 10
          max-duration: 1.5m
        """);

    assertEquals("full-sweep_1.0", sweep.name());
    assertEquals("everything set", sweep.description());
    assertEquals(List.of("edge", "cloud"), sweep.tiers());
    assertEquals(3, sweep.repetitions());
    assertEquals(new MeasureSettings(0, Duration.ofMillis(500), 10, Duration.ofSeconds(90)), sweep.measure());
  }

  @Test
  void aSingleTierMayBeWrittenAsAScalar() {
    assertEquals(List.of("pi4"), parse("name: d\nmodels: [a.tflite]\ntiers: pi4\n").tiers());
  }

  @Test
  void measurementKeysLeftOutTakeTheirDefaults() {
    MeasureSettings measure = parse("name: d\nmodels: [a.tflite]\nmeasurement:\n  min-queries: 7\n").measure();
    MeasureSettings defaults = defaultMeasure();
    assertEquals(new MeasureSettings(defaults.warmup(), defaults.minDuration(), 7, defaults.maxDuration()), measure);
  }

  @Test
  void zeroMinDurationIsAllowedAsAPlainZero() {
    assertEquals(Duration.ZERO,
        parse("name: d\nmodels: [a.tflite]\nmeasurement: {min-duration: 0}\n").measure().minDuration());
  }

  @Test
  void theQuickstartSweepParsesAndItsModelsMaterialize() throws IOException {
    // Maven runs the tests in the module folder; the shipped configs are one level up.
    Path file = Path.of("..", "configs", "quickstart.yaml");
    Sweep sweep = SweepParser.parse(file);

    assertEquals("quickstart", sweep.name());
    assertEquals(List.of("mobilenet-v1-0.25-224", "kws-ds-cnn-int8"),
        sweep.models().stream().map(ModelSource::name).toList());
    assertEquals(List.of(1, 4), sweep.axes().values().get(Axis.BATCH));
    assertEquals(List.of(1, 2), sweep.axes().values().get(Axis.THREADS));
    assertEquals(List.of(true), sweep.axes().values().get(Axis.XNNPACK));
    assertEquals(List.of("local"), sweep.tiers());
    assertEquals(2, sweep.repetitions());
    MeasureSettings defaults = new MeasureSettings(20, Duration.ofSeconds(1), 50, Duration.ofSeconds(20));
    assertEquals(new MeasureSettings(defaults.warmup(), defaults.maxWarmup(), defaults.stabilityWindows(),
        defaults.stabilityTolerance(), defaults.minDuration(), defaults.minQueries(), defaults.maxDuration(),
        defaults.latencyBound(), defaults.seed(), 20), sweep.measure());

    List<ModelFile> models = sweep.materializeModels();
    // Hashes as published in configs/models/MANIFEST.tsv.
    assertEquals("446ec673881cd46371a8726075b714194ada39d144762260cb76d15318597df7", models.get(0).sha256());
    assertEquals(1_882_904, models.get(0).bytes());
    assertEquals("aeea436800704fce17b17292e4412630ad856e9d777c044c64ef748a880bd0ae", models.get(1).sha256());
    assertEquals(53_936, models.get(1).bytes());
    assertEquals(2 * 2 * 2 * 1, sweep.trials(models).size());
  }

  @Test
  void parsingAPathReadsTheFileAndResolvesModelsAgainstItsFolder(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    Files.write(dir.resolve("models/m.tflite"), new byte[] {1, 2, 3});
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "name: s\nmodels: [models/m.tflite]\n");

    Sweep sweep = SweepParser.parse(file);

    assertEquals(file, sweep.file());
    assertEquals(dir.toAbsolutePath().resolve("x"), sweep.inputs().resolve("x"));
    List<ModelFile> models = sweep.materializeModels();
    assertEquals(1, models.size());
    assertEquals(dir.resolve("models/m.tflite").normalize(), models.get(0).path());
    assertEquals(3, models.get(0).bytes());
    assertEquals("m", models.get(0).name());
  }

  @Test
  void theAnalysisSectionIsKeptAsWrittenWithLocations() {
    Sweep sweep = parse("""
        name: demo
        models:
          - {path: a.tflite, family: mobilenet-v1}
          - b.tflite
        analysis:
          objectives: [accuracy, "p99_ms:min"]
          recommend:
            - maximize: accuracy
              where: ["p99_ms <= 50", "peak_rss_mb<=300"]
              tier: iot
            - minimize: p50_ms
        """);
    assertEquals("mobilenet-v1", sweep.models().get(0).family());
    assertEquals("b", sweep.models().get(1).family(), "a file's family defaults to its name");
    AnalysisSpec analysis = sweep.analysis();
    assertEquals(List.of("accuracy", "p99_ms:min"), analysis.objectives().stream().map(Written::text).toList());
    assertEquals(6, analysis.objectives().get(0).location().line());
    AnalysisSpec.RecommendSpec first = analysis.recommend().get(0);
    assertEquals(true, first.maximize());
    assertEquals("accuracy", first.metric().text());
    assertEquals(List.of("p99_ms <= 50", "peak_rss_mb<=300"), first.where().stream().map(Written::text).toList());
    assertEquals("iot", first.tier().text());
    assertEquals(false, analysis.recommend().get(1).maximize());
    assertEquals(null, analysis.recommend().get(1).tier());
    assertEquals(AnalysisSpec.DEFAULT, parse("name: d\nmodels: [a.tflite]\n").analysis());
  }

  @Test
  void anAdaptiveSectionTakesCountsSharesAndDefaults() {
    assertEquals(null, parse("name: d\nmodels: [a.tflite]\n").adaptive());
    AdaptiveSpec defaults = parse("name: d\nmodels: [a.tflite]\nadaptive: {}\n").adaptive();
    assertEquals(new AdaptiveSpec.TaskShare(40, 0), defaults.budget());
    assertEquals(new AdaptiveSpec.TaskShare(15, 0), defaults.initial());
    assertEquals(0.05, defaults.stopBelow());
    AdaptiveSpec written = parse("""
        name: d
        models: [a.tflite]
        adaptive:
          budget: 120
          initial: 12.5%
          stop-below: 0.1
          seed: 7
        """).adaptive();
    assertEquals(new AdaptiveSpec(new AdaptiveSpec.TaskShare(0, 120), new AdaptiveSpec.TaskShare(12.5, 0), 0.1, 7),
        written);
    assertEquals(120, written.budget().of(400));
    assertEquals(50, written.initial().of(400));
    assertEquals(400, new AdaptiveSpec.TaskShare(0, 900).of(400));
    assertEquals("12.5%", written.initial().toString());
  }
}
