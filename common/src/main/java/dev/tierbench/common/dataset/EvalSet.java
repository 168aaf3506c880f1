package dev.tierbench.common.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A held-out set as it travels to agents: the samples exactly as the model takes them (already preprocessed)
 * and their targets, in a small binary file ("TBEV", version, task, name, classes, samples × features float32,
 * targets float64, NaN without labels; big-endian), fetched by sha256 like a model.
 */
public final class EvalSet {

  private static final int MAGIC = 0x54424556; // "TBEV"
  private static final int VERSION = 2;

  private EvalSet() {}

  public static byte[] write(Dataset data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeByte(data.task().ordinal());
      out.writeUTF(data.name());
      out.writeInt(data.classes().size());
      for (String c : data.classes()) {
        out.writeUTF(c);
      }
      out.writeInt(data.size());
      out.writeInt(data.width());
      for (float[] row : data.features()) {
        for (float v : row) {
          out.writeFloat(v);
        }
      }
      for (double t : data.targets()) {
        out.writeDouble(t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws DatasetException naming the file when it is not an evaluation set or is cut short */
  public static Dataset read(Path file) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new DatasetException(file.toString(), "not a tierbench evaluation set (version " + VERSION + ")");
      }
      int task = in.readByte();
      if (task < 0 || task >= Task.values().length) {
        throw new DatasetException(file.toString(), "unknown task " + task + " in the evaluation set");
      }
      String name = in.readUTF();
      List<String> classes = new ArrayList<>();
      for (int c = in.readInt(); c > 0; c--) {
        classes.add(in.readUTF());
      }
      int samples = in.readInt();
      int width = in.readInt();
      float[][] features = new float[samples][width];
      for (float[] row : features) {
        for (int j = 0; j < width; j++) {
          row[j] = in.readFloat();
        }
      }
      double[] targets = new double[samples];
      for (int i = 0; i < samples; i++) {
        targets[i] = in.readDouble();
      }
      return new Dataset(name, Task.values()[task], classes, features, targets);
    } catch (java.io.EOFException e) {
      throw new DatasetException(file.toString(), "the evaluation set is cut short");
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read it: " + e.getMessage());
    }
  }
}
