package dev.tierbench.coordinator.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.sweep.SweepParser;

/** What a sweep reads is known from its text alone, before any file is opened (a browser has none to open). */
class SweepReadsTest {

  @Test
  void listsEachPathOnceAsWrittenWithFoldersMarked() {
    String sweep = """
        name: s
        models:
          - path: models/a.tflite
            eval: {images: images, labels: labels.txt}
          - path: models/b.tflite
            eval: {csv: data/eval.csv, label: y, labels: labels.txt}
        """;
    List<SweepReads.Read> reads = SweepReads.of(SweepParser.parse(sweep, Path.of("nowhere/s.yaml")));

    assertEquals(List.of("models/a.tflite", "images", "labels.txt", "models/b.tflite", "data/eval.csv"),
        reads.stream().map(SweepReads.Read::written).toList());
    assertEquals(List.of(false, true, false, false, false), reads.stream().map(SweepReads.Read::folder).toList());
    assertEquals("CSV file", reads.get(4).what());
    assertEquals(6, reads.get(4).at().line());
  }
}
