package dev.tierbench.agent.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.Models;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.DatasetException;
import dev.tierbench.common.dataset.ImageFolder;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Real published MobileNets (float, and uint8-quantized) on real images filed under the class the models' own
 * test data expects: an image folder becomes an evaluation set, and both models answer as documented.
 */
class ImageEvaluationTest {

  @TempDir
  Path dir;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ImageEvaluationTest.class.getResource("/imagenet/" + name).toURI());
  }

  @Test
  void theMobileNetsClassifyTheSampleImagesAsTheirSourcesDocument() throws Exception {
    List<String> labels = Files.readAllLines(resource("mobilenet_labels_1001.txt"));
    Dataset images = ImageFolder.read(resource("images"), labels, 224, 224);
    assertEquals(2, images.size());
    assertEquals(List.of("cheeseburger", "military uniform"), List.of(labels.get(images.label(0)),
        labels.get(images.label(1))));
    Dataset burger = images.select(new int[] {0});

    // Coral's MobileNet v2 1.0 (uint8): its test data documents both images.
    Evaluation v2 = evaluate(resource("mobilenet_v2_1.0_224_quant.tflite"), images);
    assertEquals(2, v2.correct(), v2.toString());
    assertEquals(0, v2.confusion().length, "no thousand-class confusion matrix on the wire");
    // The 0.25-width MobileNet v1, float and uint8: right on the burger tflite-support's tests use; the tiny
    // model's answer on Grace Hopper is not documented, and float and int8 must at least agree on it.
    Evaluation v1Float = evaluate(Models.MOBILENET, burger);
    Evaluation v1Quant = evaluate(resource("mobilenet_v1_0.25_224_quant.tflite"), burger);
    assertEquals(1, v1Float.correct());
    assertEquals(1, v1Quant.correct());
    Dataset hopper = images.select(new int[] {1});
    assertEquals(evaluate(Models.MOBILENET, hopper).correct(),
        evaluate(resource("mobilenet_v1_0.25_224_quant.tflite"), hopper).correct());
  }

  private static Evaluation evaluate(Path model, Dataset set) throws Exception {
    Evaluation e = Evaluator.evaluate(TfliteRuntime.start(), model, new TrialParams(1, 1, true), set);
    System.out.printf("%s on %d sample image(s): %d top-1 as documented, in %.1f ms%n", model.getFileName(),
        e.samples(), e.correct(), e.nanos() / 1e6);
    return e;
  }

  @Test
  void aFolderThatIsNoLabelIsNamed() throws Exception {
    Files.createDirectories(dir.resolve("hot dog"));
    Files.copy(resource("images/cheeseburger/burger.jpg"), dir.resolve("hot dog/burger.jpg"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> ImageFolder.read(dir, List.of("background", "cheeseburger"), 224, 224));
    assertTrue(e.getMessage().endsWith("'hot dog' is not one of the model's 2 labels (the folders of an image set are"
        + " named by label)"), e.getMessage());
  }
}
