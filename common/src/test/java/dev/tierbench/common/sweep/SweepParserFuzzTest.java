package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.fuzz.Mutations;
import dev.tierbench.common.yaml.Problems;
import dev.tierbench.common.yaml.YamlException;

/**
 * Thousands of mutations of the shipped sweeps and the README's examples: each must parse, or be refused with every
 * problem on one line of its own at a real place of the file (line and column within it), in bounded time; nothing
 * else may escape the parser. Seeded, so a failure names the input it failed on.
 */
class SweepParserFuzzTest {

  private static final int INPUTS = 2_000;
  private static final long BUDGET_NANOS = 30_000_000_000L;
  private static final long ONE_INPUT_NANOS = 2_000_000_000L;
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir
  Path dir;

  /** configs/*.yaml and every ```yaml block of the README: the valid files users start from. */
  static List<String> validSweeps() throws IOException {
    List<String> sweeps = new ArrayList<>();
    try (Stream<Path> configs = Files.list(ROOT.resolve("configs"))) {
      for (Path file : configs.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        sweeps.add(Files.readString(file));
      }
    }
    Matcher blocks = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(
        ROOT.resolve("README.md")));
    while (blocks.find()) {
      sweeps.add(blocks.group(1));
    }
    return sweeps;
  }

  @Test
  void everyMutatedSweepParsesOrIsRefusedLineByLineWithItsPlace() throws Exception {
    List<String> seeds = validSweeps();
    assertTrue(seeds.size() >= 8, "the shipped sweeps and the README's examples: " + seeds.size());
    Mutations mutations = new Mutations(15);
    Path file = dir.resolve("fuzz.yaml");
    Pattern line = Pattern.compile(Pattern.quote(file.toString()) + ":(\\d+):(\\d+): \\S[^\\n]*");
    long start = System.nanoTime();
    int refused = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutations.mutate(seeds.get(i % seeds.size()));
      Files.write(file, input);
      long lines = new String(input, StandardCharsets.UTF_8).split("\n", -1).length;
      long before = System.nanoTime();
      try {
        SweepParser.parse(file);
      } catch (YamlException e) {
        refused++;
        for (String problem : e.getMessage().split("\n")) {
          Matcher m = line.matcher(problem);
          if (!m.matches() || Long.parseLong(m.group(1)) < 1 || Long.parseLong(m.group(1)) > lines + 1
              || Long.parseLong(m.group(2)) < 1) {
            fail("input " + i + " gave a problem without a real place: '" + problem + "'\n" + shown(input));
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        fail("input " + i + " escaped the parser as " + e + "\n" + shown(input), e);
      }
      long took = System.nanoTime() - before;
      assertTrue(took < ONE_INPUT_NANOS, () -> "input took " + took / 1_000_000 + " ms:\n" + shown(input));
    }
    long total = System.nanoTime() - start;
    assertTrue(total < BUDGET_NANOS, "the fuzz set took " + total / 1_000_000 + " ms");
    assertTrue(refused > INPUTS / 4 && refused < INPUTS, "mutations that bite and some that parse: " + refused);
  }

  @Test
  void hostileShapesAreRefusedInBoundedTime() throws Exception {
    Path file = dir.resolve("shape.yaml");
    // Each as large as a sweep file may be (256 KiB), or the first one past it.
    List<String> shapes = List.of("[".repeat(100_000), "a: ".repeat(50_000) + "1", "- ".repeat(50_000) + "x",
        "name: s\nmodels: [" + "m.tflite, ".repeat(26_000) + "]\n",
        "name: s\nmodels: [a.tflite]\naxes: {batch: [" + "1, ".repeat(87_000) + "1]}\n",
        "name: s\nmodels: [a.tflite]\naxes: {batch: [" + "1, ".repeat(88_000) + "1]}\n",
        "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n");
    for (String shape : shapes) {
      Files.writeString(file, shape);
      long before = System.nanoTime();
      try {
        SweepParser.parse(file);
        fail("parsed: " + shape.substring(0, 40));
      } catch (YamlException e) {
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.problems().size() <= Problems.MAX_REPORTED + 1, "a screenful at most: " + e.problems().size());
      } catch (RuntimeException | StackOverflowError e) {
        fail("escaped the parser as " + e + " on " + shape.substring(0, 40), e);
      }
      long took = System.nanoTime() - before;
      assertTrue(took < ONE_INPUT_NANOS, "took " + took / 1_000_000 + " ms on " + shape.substring(0, 40));
    }
  }

  private static String shown(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    return text.length() < 3_000 ? text : HexFormat.of().formatHex(input, 0, 200) + "...";
  }
}
