package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.YamlException;

class FileModelSourceTest {

  private static final Location ENTRY = new Location("sweeps/s.yaml", 7, 5);

  @TempDir
  Path dir;

  private static byte[] someBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void anExistingFileMaterializesWithItsHashAndSize() throws Exception {
    byte[] content = someBytes(70_000); // larger than one read buffer
    Files.createDirectories(dir.resolve("models"));
    Files.write(dir.resolve("models/m.tflite"), content);

    ModelFile model = new FileModelSource("m", "models/m.tflite", ENTRY).materialize(InputPaths.within(dir));

    assertEquals("m", model.name());
    assertEquals(dir.resolve("models/m.tflite"), model.path());
    assertEquals(sha256(content), model.sha256());
    assertEquals(content.length, model.bytes());
    assertEquals(sha256(content), model.ref().sha256());
    assertEquals(content.length, model.ref().bytes());
  }

  @Test
  void anEmptyFileHasTheSha256OfNothing() throws Exception {
    Files.write(dir.resolve("empty.tflite"), new byte[0]);
    ModelFile model = new FileModelSource("empty", "empty.tflite", ENTRY).materialize(InputPaths.within(dir));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", model.sha256());
    assertEquals(0, model.bytes());
  }

  @Test
  void anAbsolutePathIsUsedAsItIs(@TempDir Path elsewhere) throws Exception {
    byte[] content = someBytes(10);
    Path file = elsewhere.resolve("abs.tflite");
    Files.write(file, content);

    ModelFile model = new FileModelSource("abs", file.toString(), ENTRY).materialize(InputPaths.within(dir));

    assertEquals(file, model.path());
    assertEquals(sha256(content), model.sha256());
  }

  @Test
  void aRelativePathWithDotsIsNormalized() throws Exception {
    Files.createDirectories(dir.resolve("sweeps"));
    Files.write(dir.resolve("m.tflite"), someBytes(5));
    ModelFile model = new FileModelSource("m", "../m.tflite", ENTRY)
        .materialize(InputPaths.within(dir.resolve("sweeps")));
    assertEquals(dir.resolve("m.tflite"), model.path());
  }

  @Test
  void aMissingFileIsReportedAtTheModelEntryWithThePath() {
    YamlException e = assertThrows(YamlException.class,
        () -> new FileModelSource("gone", "models/gone.tflite", ENTRY).materialize(InputPaths.within(dir)));

    assertEquals(1, e.problems().size());
    assertEquals(ENTRY, e.problems().get(0).location());
    String message = e.problems().get(0).message();
    assertTrue(message.contains("model file 'models/gone.tflite' not found"), message);
    assertTrue(message.contains(dir.resolve("models/gone.tflite").toAbsolutePath().toString()), message);
    assertTrue(e.getMessage().startsWith("sweeps/s.yaml:7:5: "), e.getMessage());
  }

  @Test
  void aFolderIsNotAModelFile() throws IOException {
    Files.createDirectories(dir.resolve("models/folder.tflite"));
    YamlException e = assertThrows(YamlException.class,
        () -> new FileModelSource("f", "models/folder.tflite", ENTRY).materialize(InputPaths.within(dir)));
    assertEquals(ENTRY, e.problems().get(0).location());
  }

  @Test
  void aMissingModelOfAParsedSweepIsReportedWhereTheSweepNamesIt() throws IOException {
    Path sweepFile = dir.resolve("s.yaml");
    Files.writeString(sweepFile, """
        name: s
        models:
          - path: here.tflite
          - missing.tflite
        """);
    Files.write(dir.resolve("here.tflite"), someBytes(3));

    Sweep sweep = SweepParser.parse(sweepFile);
    YamlException e = assertThrows(YamlException.class, sweep::materializeModels);

    assertEquals(new Location(sweepFile.toString(), 4, 5), e.problems().get(0).location());
    assertTrue(e.getMessage().contains("'missing.tflite' not found"), e.getMessage());
  }

  @Test
  void theShippedModelsHashAsTheirManifestSays() throws Exception {
    // configs/models/MANIFEST.tsv: file, sha256, bytes, ...
    Path folder = Path.of("..", "configs", "models");
    for (String line : Files.readAllLines(folder.resolve("MANIFEST.tsv")).subList(1, 3)) {
      String[] columns = line.split("\t");
      ModelFile model = new FileModelSource(columns[0], columns[0], ENTRY).materialize(InputPaths.within(folder));
      assertEquals(columns[1], model.sha256(), columns[0]);
      assertEquals(Long.parseLong(columns[2]), model.bytes(), columns[0]);
      assertEquals(sha256(Files.readAllBytes(folder.resolve(columns[0]))), model.sha256(), columns[0]);
    }
  }

  @Test
  void aDeviceOrAFolderGivenAsAModelIsRefusedByWhatItIsWithoutBeingRead(@TempDir Path dir) {
    Location at = new Location("s.yaml", 3, 5);
    YamlException device = assertThrows(YamlException.class, () -> new FileModelSource("z", "/dev/zero", at)
        .materialize(InputPaths.within(dir), dir.resolve("cache")));
    assertEquals("s.yaml:3:5: model file '/dev/zero' is a character device, not a regular file, so it cannot"
        + " be a model file", device.getMessage());
    YamlException folder = assertThrows(YamlException.class, () -> new FileModelSource("d", ".", at)
        .materialize(InputPaths.within(dir), dir.resolve("cache")));
    assertEquals("s.yaml:3:5: model file '.' is a folder, not a model file", folder.getMessage());
  }
}
