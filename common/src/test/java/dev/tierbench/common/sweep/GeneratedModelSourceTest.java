package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.yaml.YamlException;

/** Generated models in sweep files: variants from list-valued parameters, built once, errors located. */
class GeneratedModelSourceTest {

  @TempDir
  Path dir;

  private Sweep parse(String yaml) {
    return SweepParser.parse(yaml, dir.resolve("sweep.yaml"));
  }

  @Test
  void listValuedParametersExpandIntoNamedVariants() {
    Sweep sweep = parse("""
        name: g
        models:
          - generate: mlp
            params: {depth: [1, 3], width: [8, 16], inputs: 5}
          - generate: cnn
            name: tiny
            params: {depth: 0.3, width: 0.25, resolution: 32}
        """);
    assertEquals(List.of("mlp-depth1-width8", "mlp-depth1-width16", "mlp-depth3-width8", "mlp-depth3-width16", "tiny"),
        sweep.models().stream().map(ModelSource::name).toList());
    GeneratedModelSource first = (GeneratedModelSource) sweep.models().get(0);
    assertEquals(Map.of("depth", "1", "width", "8", "inputs", "5"), first.params());
    assertEquals(new dev.tierbench.common.yaml.Location(dir.resolve("sweep.yaml").toString(), 3, 5), first.location());
  }

  @Test
  void aVariantIsBuiltOnceAndFoundByItsContentHashAfterwards() throws Exception {
    Sweep sweep = parse("name: g\nmodels:\n  - generate: mlp\n    params: {depth: 2, width: 32}\n");
    Path cache = dir.resolve("cache");
    ModelFile built = sweep.models().get(0).materialize(InputPaths.within(dir), cache);
    Files.setLastModifiedTime(built.path(), FileTime.fromMillis(1_000));
    ModelFile again = parse("name: other\nmodels:\n  - generate: mlp\n    params: {width: 32, depth: 2}\n")
        .models().get(0).materialize(InputPaths.within(dir), cache);
    assertEquals(built.path(), again.path());
    assertEquals(built.sha256(), again.sha256());
    assertEquals(FileTime.fromMillis(1_000), Files.getLastModifiedTime(again.path()), "not built a second time");
    assertEquals(2L * 32 * 32 - 32 * 32 + 64 * 32 + 32 * 10, ModelInspector.inspect(built.path()).macs());
  }

  @Test
  void parametersAreCheckedWhereTheyAreWritten() {
    YamlException e = assertThrows(YamlException.class, () -> parse("""
        name: g
        models:
          - generate: mpl
          - generate: mlp
            params: {dpeth: 3}
          - generate: mlp
            params: {width: [8, 0]}
          - path: a.tflite
            generate: mlp
        """));
    String message = e.getMessage();
    assertTrue(message.contains("sweep.yaml:3:15: generate must be one of mlp, cnn, encoder, got 'mpl' (did you mean 'mlp'?)"),
        message);
    assertTrue(message.contains("sweep.yaml:5:14: unknown key 'dpeth' in the parameters of family mlp (did you mean"
        + " 'depth'?)"), message);
    assertTrue(message.contains("sweep.yaml:7:13: mlp {width=0}: width must be between 1 and 65536, got 0"), message);
    assertTrue(message.contains("sweep.yaml:8:5: a model needs either 'path' (a .tflite file) or 'generate' (a family:"
        + " mlp, cnn, encoder), not both"), message);
    assertEquals(4, e.problems().size(), message);
  }

  @Test
  void quantizationIsAnAxisOfTheFamily() throws Exception {
    Sweep sweep = parse("name: g\nmodels:\n  - generate: mlp\n    params: {quantize: [float32, int8], width: 16}\n");
    assertEquals(List.of("mlp-quantizefloat32", "mlp-quantizeint8"), sweep.models().stream().map(ModelSource::name)
        .toList());
    Path cache = dir.resolve("cache");
    InputPaths inputs = InputPaths.within(dir);
    assertEquals("float32", ModelInspector.inspect(sweep.models().get(0).materialize(inputs, cache).path())
        .quantization());
    assertEquals("int8", ModelInspector.inspect(sweep.models().get(1).materialize(inputs, cache).path())
        .quantization());
  }
}
