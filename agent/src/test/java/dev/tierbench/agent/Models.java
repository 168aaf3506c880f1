package dev.tierbench.agent;

import java.nio.file.Path;

/** The real models shipped in configs/models (see its MANIFEST.tsv), as tests find them. */
public final class Models {

  /** The repository root: Maven runs a module's tests in the module's folder. */
  public static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  /** MobileNet v1 0.25, float32, 224x224x3 input, 1001 classes. */
  public static final Path MOBILENET = ROOT.resolve("configs/models/mobilenet_v1_0.25_224_1_default_1.tflite");
  /** MLPerf Tiny keyword spotting DS-CNN, int8, 49x10x1 input, 12 classes. */
  public static final Path KWS = ROOT.resolve("configs/models/kws_ref_model.tflite");

  private Models() {}
}
