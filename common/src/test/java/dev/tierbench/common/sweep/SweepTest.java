package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.yaml.Location;

class SweepTest {

  private static final MeasureSettings MEASURE =
      new MeasureSettings(10, Duration.ofMillis(500), 20, Duration.ofSeconds(5));
  private static final Location AT = new Location("s.yaml", 1, 1);

  private static ModelFile model(String name, char hexDigit) {
    return new ModelFile(name, Path.of(name + ".tflite"), String.valueOf(hexDigit).repeat(64), 100,
        ModelFormat.TFLITE);
  }

  private static Sweep sweep(Axes axes) {
    return new Sweep("s", "", Path.of("s.yaml"), List.of(new FileModelSource("a", "a.tflite", AT)), axes,
        List.of("local"), 1, MEASURE, null);
  }

  @Test
  void trialsAreEveryModelTimesEveryPointInOrder() {
    Axes axes = new Axes(Map.of(Axis.BATCH, List.of(1, 4, 16), Axis.XNNPACK, List.of(true, false)));
    List<ModelFile> models = List.of(model("a", 'a'), model("b", 'b'));

    List<Trial> trials = sweep(axes).trials(models);

    assertEquals(2 * 3 * 2, trials.size());
    List<Trial> expected = new ArrayList<>();
    for (ModelFile m : models) {
      for (TrialParams p : axes.points()) {
        expected.add(Trial.of(m, p, MEASURE));
      }
    }
    assertEquals(expected, trials);
    assertEquals(trials.size(), new HashSet<>(trials.stream().map(Trial::id).toList()).size(), "ids are distinct");
  }

  @Test
  void trialsUseTheSweepsMeasurementSettings() {
    List<Trial> trials = sweep(new Axes(Map.of())).trials(List.of(model("a", 'a')));
    assertEquals(1, trials.size());
    assertEquals(MEASURE, trials.get(0).measure());
  }

  @Test
  void aSweepNeedsAModelATierAndAPositiveRepetitionCount() {
    Axes none = new Axes(Map.of());
    List<ModelSource> models = List.of(new FileModelSource("a", "a.tflite", AT));
    Path file = Path.of("s.yaml");
    assertThrows(IllegalArgumentException.class,
        () -> new Sweep("s", "", file, List.of(), none, List.of("local"), 1, MEASURE, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Sweep("s", "", file, models, none, List.of(), 1, MEASURE, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Sweep("s", "", file, models, none, List.of("local"), 0, MEASURE, null));
  }

  @Test
  void aSweepCopiesItsLists() {
    List<String> tiers = new ArrayList<>(List.of("edge"));
    Sweep sweep = new Sweep("s", "", Path.of("s.yaml"), List.of(new FileModelSource("a", "a.tflite", AT)),
        new Axes(Map.of()), tiers, 1, MEASURE, null);
    tiers.add("cloud");
    assertEquals(List.of("edge"), sweep.tiers());
  }
}
