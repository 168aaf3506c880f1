package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.fuzz.Mutations;

/**
 * Mutated CSVs through each user-facing reader: each is read, or refused in one line naming the file (and the line
 * when there is one), short, in bounded time; nothing else escapes. A file that is no CSV header is never quoted: its
 * first line carries a marker that no message may repeat.
 */
class DatasetReaderFuzzTest {

  private static final int INPUTS = 2_000;
  private static final long BUDGET_NANOS = 20_000_000_000L;
  private static final String MARKER = "SECRET-root:x:0:0";
  private static final List<String> VALID = List.of(
      "petal,sepal,species\n1.5,2,rose\n0.5,1,iris\n2.5,3,rose\n",
      "a,b,c,d,price\n1,2,3,4,10.5\n0,1,0,1,3\n2,2,2,2,-7e3\n",
      "text,lang\nsmilzo,it\nhouse,en\nmaison,fr\n",
      MARKER + "\nroot:x:0:0:root:/root:/bin/bash\n");

  @TempDir
  Path dir;

  @Test
  void everyMutatedCsvIsReadOrRefusedInOneShortLineNamingTheFile() throws Exception {
    Path file = dir.resolve("data.csv");
    Pattern refusal = Pattern.compile(Pattern.quote(file.toString()) + "(:\\d+(:\\d+)?)?: \\S[^\\n]*");
    List<Function<Path, Dataset>> readers = List.of(
        f -> DatasetReader.csv(f, "species", Task.CLASSIFICATION),
        f -> DatasetReader.csv(f, "price", Task.REGRESSION),
        f -> DatasetReader.csv(f, "species", Task.CLASSIFICATION, List.of("rose", "iris")),
        f -> DatasetReader.words(f, "lang"));
    Mutations mutations = new Mutations(15);
    long start = System.nanoTime();
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutations.mutate(VALID.get(i % VALID.size()));
      Files.write(file, input);
      for (Function<Path, Dataset> reader : readers) {
        try {
          reader.apply(file);
        } catch (DatasetException e) {
          String message = e.getMessage();
          if (!refusal.matcher(message).matches()) {
            fail("input " + i + ": not one line naming the file: '" + message + "'\n" + shown(input));
          }
          assertTrue(message.length() < file.toString().length() + 700, () -> "a long message: " + message);
          assertTrue(!message.contains(MARKER), () -> "quoted a file that is no CSV: " + message);
        } catch (RuntimeException | OutOfMemoryError e) {
          fail("input " + i + " escaped the reader as " + e + "\n" + shown(input), e);
        }
      }
    }
    long total = System.nanoTime() - start;
    assertTrue(total < BUDGET_NANOS, "the fuzz set took " + total / 1_000_000 + " ms");
  }

  private static String shown(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }
}
