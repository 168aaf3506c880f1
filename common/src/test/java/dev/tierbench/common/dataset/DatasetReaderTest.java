package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped datasets read with the shapes their manifest states; bad files are errors naming file and line. */
class DatasetReaderTest {

  static final Path DATA = Path.of("").toAbsolutePath().getParent().resolve("configs/data");

  @TempDir
  Path dir;

  @Test
  void theShippedDatasetsHaveTheShapesOfTheirManifest() {
    Dataset cancer = DatasetReader.builtin("breast_cancer", DATA);
    assertEquals(569, cancer.size());
    assertEquals(30, cancer.width());
    assertEquals(List.of("malignant", "benign"), cancer.classes());
    assertEquals(17.99f, cancer.features()[0][0]);
    assertEquals(0, cancer.label(0));
    Dataset wine = DatasetReader.builtin("wine", DATA);
    assertEquals(List.of(178, 13, 3), List.of(wine.size(), wine.width(), wine.classes().size()));
    Dataset digits = DatasetReader.builtin("digits", DATA);
    assertEquals(List.of(1797, 64, 10), List.of(digits.size(), digits.width(), digits.classes().size()));
    Dataset diabetes = DatasetReader.builtin("diabetes", DATA);
    assertEquals(List.of(442, 10), List.of(diabetes.size(), diabetes.width()));
    assertEquals(Task.REGRESSION, diabetes.task());
    assertEquals(151.0, diabetes.targets()[0]);
    Dataset words = DatasetReader.builtin("wordlang", DATA);
    assertEquals(List.of(27910, 24), List.of(words.size(), words.width()), "the longest word has 24 letters");
    assertEquals(List.of("de", "en", "es", "fr", "it", "nl", "pt"), words.classes());
    assertEquals(4, words.label(0), "'smilzo' is Italian");
    assertEquals(0f, words.features()[0][6], "padding after the sixth letter");
    assertTrue(words.features()[0][0] > 0);
    assertEquals("no dataset 'mnist'; shipped ones: breast_cancer, diabetes, digits, iris, wine, wordlang (or a CSV"
        + " file with a label column)", assertThrows(IllegalArgumentException.class,
            () -> DatasetReader.builtin("mnist", DATA)).getMessage());
  }

  @Test
  void aUsersCsvNamesItsClassesAndEveryProblemItsLine() throws Exception {
    Path good = dir.resolve("flowers.csv");
    Files.writeString(good, "petal,sepal,species\n1.5,2,rose\n0.5,1,iris\n2.5,3,rose\n");
    Dataset flowers = DatasetReader.csv(good, "species", Task.CLASSIFICATION);
    assertEquals(List.of("iris", "rose"), flowers.classes());
    assertEquals(List.of(1, 0, 1), List.of(flowers.label(0), flowers.label(1), flowers.label(2)));
    assertEquals(2, flowers.width());

    assertEquals(good + ":1: no column 'kind'; columns: petal, sepal, species", assertThrows(DatasetException.class,
        () -> DatasetReader.csv(good, "kind", Task.CLASSIFICATION)).getMessage());
    assertEquals(good + ":2: column 3 is 'rose', not a number", assertThrows(DatasetException.class,
        () -> DatasetReader.csv(good, "species", Task.REGRESSION)).getMessage());
    Path nan = dir.resolve("nan.csv");
    Files.writeString(nan, "a,b,y\n1,2,3\n4,NaN,6\n");
    assertEquals(nan + ":3: column 2 is NaN; every value must be a finite number", assertThrows(
        DatasetException.class, () -> DatasetReader.csv(nan, "y", Task.REGRESSION)).getMessage());
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "a,b,y\n1,2,3\n4,6\n");
    assertEquals(ragged + ":3: expected 3 columns, found 2", assertThrows(DatasetException.class,
        () -> DatasetReader.csv(ragged, "y", Task.REGRESSION)).getMessage());
  }

  @Test
  void textsBecomeCharacterTokensAndAMalformedTextFileIsNamed() throws Exception {
    Path file = dir.resolve("words.csv");
    Files.writeString(file, "text,lang\nab,x\nba,y\nc,x\n");
    Dataset words = DatasetReader.words(file, "lang");
    assertEquals(List.of("x", "y"), words.classes());
    assertEquals(List.of(1f, 2f), List.of(words.features()[0][0], words.features()[0][1]), "a=1, b=2: 0 pads");
    assertEquals(List.of(3f, 0f), List.of(words.features()[2][0], words.features()[2][1]));
    assertEquals(file + ":1: a text dataset has two columns, the text and 'language'; the header names text, lang",
        assertThrows(DatasetException.class, () -> DatasetReader.words(file, "language")).getMessage());
    Files.writeString(file, "text,lang\nab,x\n,y\n");
    assertEquals(file + ":3: the text is empty", assertThrows(DatasetException.class,
        () -> DatasetReader.words(file, "lang")).getMessage());
  }

  @Test
  void aShippedFormatWithABadLabelOrCountIsNamed() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "2,2,a,b\n1,2,0\n3,4,x\n");
    assertEquals(file + ":3: the label is 'x', not a class index 0..1", assertThrows(DatasetException.class,
        () -> DatasetReader.sklearn("bad", file)).getMessage());
    Files.writeString(file, "3,2,a,b\n1,2,0\n3,4,1\n");
    assertEquals(file + ": the header says 3 samples, the file has 2", assertThrows(DatasetException.class,
        () -> DatasetReader.sklearn("bad", file)).getMessage());
  }

  @Test
  void aFileThatIsNoCsvIsNamedWithoutQuotingItsContent() throws Exception {
    Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n");
    String message = assertThrows(DatasetException.class, () -> DatasetReader.csv(passwd, "label",
        Task.CLASSIFICATION)).getMessage();
    assertEquals(passwd + ":1: no column 'label': the first line is not a CSV header naming the columns", message);
    String words = assertThrows(DatasetException.class, () -> DatasetReader.words(passwd, "lang")).getMessage();
    assertEquals(passwd + ":1: a text dataset has two columns, the text and 'lang'; the first line is not a CSV"
        + " header naming them", words);
  }

  @Test
  void quotedCellsAndHeadersAreCutShort() throws Exception {
    String longName = "x".repeat(100);
    Path wide = Files.writeString(dir.resolve("wide.csv"), String.join(",", java.util.Collections.nCopies(20, longName))
        + "\n");
    String message = assertThrows(DatasetException.class, () -> DatasetReader.csv(wide, "label",
        Task.CLASSIFICATION)).getMessage();
    assertTrue(message.endsWith(", ... (20 columns)"), message);
    assertTrue(message.contains("x".repeat(40) + "..., "), message);
    assertTrue(!message.contains("x".repeat(41)), message);
    Path cell = Files.writeString(dir.resolve("cell.csv"), "a,label\n" + longName + "\u0007,1\n");
    assertEquals(cell + ":2: column 1 is '" + "x".repeat(40) + "...', not a number", assertThrows(
        DatasetException.class, () -> DatasetReader.csv(cell, "label", Task.REGRESSION)).getMessage());
  }

  @Test
  void aDeviceOrAFolderGivenAsADatasetIsRefusedByWhatItIs() {
    assertEquals("/dev/zero: is a character device, not a regular file, so it cannot be a dataset",
        assertThrows(DatasetException.class, () -> DatasetReader.csv(Path.of("/dev/zero"), "y", Task.REGRESSION))
            .getMessage());
    assertEquals(dir + ": is a folder, not a dataset", assertThrows(DatasetException.class,
        () -> DatasetReader.words(dir, "lang")).getMessage());
  }

  @Test
  void aDatasetThatIsNotUtf8IsPlacedAtItsBadByte() throws Exception {
    Path latin = Files.write(dir.resolve("latin.csv"), "text,lang\ncaf\u00e9,fr\n".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(latin + ":2:4: not UTF-8: byte 0xE9 cannot start or continue a character; save the file as UTF-8",
        assertThrows(DatasetException.class, () -> DatasetReader.words(latin, "lang")).getMessage());
  }

  @Test
  void aCompressedDatasetThatInflatesPastTheCapIsRefused() throws Exception {
    Path bomb = dir.resolve("bomb.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb))) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i <= 64; i++) {
        out.write(zeros);
      }
    }
    assertEquals(bomb + ": is larger than the 64 MiB a dataset may be", assertThrows(DatasetException.class,
        () -> DatasetReader.csv(bomb, "y", Task.REGRESSION)).getMessage());
  }
}
