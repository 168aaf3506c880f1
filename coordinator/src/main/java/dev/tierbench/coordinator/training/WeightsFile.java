package dev.tierbench.coordinator.training;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.io.AtomicFiles;

/**
 * A trained graph's weights on disk (tensor id, then its float values), so that the float32 and int8 models of a
 * variant, and later sweeps, come from one training run.
 */
final class WeightsFile {

  private static final int MAGIC = 0x54425754; // "TBWT"

  private WeightsFile() {}

  static void write(Path file, Graph trained) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      long count = trained.tensors().stream().filter(Graph.Tensor::trainable).count();
      out.writeInt((int) count);
      for (Graph.Tensor t : trained.tensors()) {
        if (t.trainable()) {
          out.writeInt(t.id());
          out.writeInt(t.data().length);
          for (float v : t.data()) {
            out.writeFloat(v);
          }
        }
      }
    }
    AtomicFiles.write(file, bytes.toByteArray());
  }

  /** {@code untrained} holding the weights stored in {@code file}. */
  static Graph read(Path file, Graph untrained) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a tierbench weights file");
      }
      int count = in.readInt();
      Map<Integer, float[]> values = new LinkedHashMap<>();
      for (int n = 0; n < count; n++) {
        int id = in.readInt();
        float[] data = new float[in.readInt()];
        for (int i = 0; i < data.length; i++) {
          data[i] = in.readFloat();
        }
        values.put(id, data);
      }
      return untrained.withValues(values);
    }
  }
}
