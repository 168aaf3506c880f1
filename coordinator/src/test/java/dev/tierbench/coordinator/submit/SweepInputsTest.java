package dev.tierbench.coordinator.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.upload.BlobStore;

class SweepInputsTest {

  @TempDir
  Path dir;

  private Sweep sweep() throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.copy(Fixtures.MOBILENET, dir.resolve("models/m.tflite"));
    for (String label : List.of("cat", "dog")) {
      Files.createDirectories(dir.resolve("images/" + label));
      Files.write(dir.resolve("images/" + label + "/1.png"), label.getBytes());
    }
    Files.writeString(dir.resolve("images/.DS_Store"), "hidden");
    Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n");
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "name: s\nmodels:\n  - path: models/m.tflite\n    eval: {images: images, labels: labels.txt}\n");
    return SweepParser.parse(file);
  }

  @Test
  void listsEveryFileTheSweepReadsAndTravelsAsJson() throws Exception {
    Sweep sweep = sweep();
    SweepInputs inputs = SweepInputs.of(sweep, sweep.inputs());

    assertEquals(List.of("models/m.tflite", "images/cat/1.png", "images/dog/1.png", "labels.txt"),
        inputs.files().stream().map(InputFile::label).toList());
    InputFile model = inputs.files().get(0);
    assertEquals(Files.size(Fixtures.MOBILENET), model.size());
    assertEquals(ModelFile.sha256(Fixtures.MOBILENET), model.sha256());
    assertEquals(inputs, SweepInputs.parse(inputs.json(), Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> SweepInputs.parse(inputs.json(), 10));
  }

  @Test
  void aLinkOutOfAnImageFolderIsRefused() throws Exception {
    Sweep sweep = sweep();
    Files.createSymbolicLink(dir.resolve("images/cat/2.png"), dir.resolve("labels.txt"));
    YamlException e = assertThrows(YamlException.class, () -> SweepInputs.of(sweep, sweep.inputs()));
    assertTrue(e.getMessage().contains("links out of it"), e.getMessage());
  }

  @Test
  void submittedFilesAreLaidOutFromTheBlobsAndNothingElseResolves() throws Exception {
    Sweep sweep = sweep();
    SweepInputs inputs = SweepInputs.of(sweep, sweep.inputs());
    BlobStore blobs = new BlobStore(dir.resolve("blobs"), 1L << 30);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> SubmittedInputs.materialize(inputs, blobs, dir.resolve("run/inputs")));
    assertTrue(missing.getMessage().contains("'models/m.tflite'"), missing.getMessage());
    for (InputFile file : inputs.files()) {
      try (InputStream in = Files.newInputStream(sweep.inputs().resolve(file.written()).resolve(file.relative()))) {
        blobs.append(file.sha256(), file.size(), 0, in);
      }
    }

    SubmittedInputs submitted = SubmittedInputs.materialize(inputs, blobs, dir.resolve("run/inputs"));

    assertEquals(ModelFile.sha256(Fixtures.MOBILENET), ModelFile.sha256(submitted.resolve("models/m.tflite")));
    assertEquals("dog", Files.readString(submitted.resolve("images").resolve("dog/1.png")));
    assertFalse(Files.exists(submitted.resolve("images").resolve(".DS_Store")));
    assertEquals("'secret' was not uploaded with the sweep",
        assertThrows(IllegalArgumentException.class, () -> submitted.resolve("secret")).getMessage());
    assertEquals(submitted.resolve("labels.txt"),
        SubmittedInputs.materialize(inputs, blobs, dir.resolve("run/inputs")).resolve("labels.txt"), "again");
  }

  /** Mangled manifests: each refused in one line, never with anything but IllegalArgumentException. */
  @Test
  void fuzzedManifestsAreRefusedInOneLine() throws Exception {
    String good = SweepInputs.of(sweep(), InputPaths.beside(dir.resolve("s.yaml"))).json();
    String[] pieces = {"..", "/", "\\\\", "\\u0000", "-1", "null", "\"", "{", "]", "A", "1e400", "abs", ":", ","};
    Random random = new Random(7);
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      StringBuilder json = new StringBuilder(good);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(json.length());
        if (random.nextBoolean()) {
          json.insert(at, pieces[random.nextInt(pieces.length)]);
        } else {
          json.delete(at, Math.min(json.length(), at + 1 + random.nextInt(4)));
        }
      }
      try {
        SweepInputs parsed = SweepInputs.parse(json.toString(), 1L << 30);
        for (InputFile file : parsed.files()) {
          assertFalse(("/" + file.relative() + "/").contains("/../") || file.relative().startsWith("/")
              || file.relative().contains("\0") || file.relative().contains("\\"), file.relative());
          assertTrue(file.sha256().matches("[0-9a-f]{64}") && file.size() >= 0, file.toString());
        }
      } catch (IllegalArgumentException e) {
        refused++;
        assertFalse(e.getMessage().isBlank(), json.toString());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      }
    }
    assertTrue(refused > 500, "only " + refused + " refused");
  }
}
