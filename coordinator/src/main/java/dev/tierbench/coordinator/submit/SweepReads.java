package dev.tierbench.coordinator.submit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.dataset.DatasetReader;
import dev.tierbench.common.sweep.EvalSpec;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.yaml.Location;

/**
 * The paths a sweep reads, as written and before any is opened: what {@link SweepInputs} hashes on the
 * submitter's machine, and what the live page's submit form asks its user to pick.
 */
public final class SweepReads {

  /**
   * One path a sweep reads: {@code written} as the sweep names it, {@code relative} a file inside it ("" for the
   * path itself; a shipped dataset's file in the data folder), or a {@code folder} of images read whole.
   *
   * @param what what it is, for messages ("model file", "CSV file", ...)
   * @param at where the sweep declares it
   */
  public record Read(String written, String relative, boolean folder, String what, Location at) {}

  private SweepReads() {}

  /** Each path once, in the order the sweep names them. */
  public static List<Read> of(Sweep sweep) {
    Map<String, Read> found = new LinkedHashMap<>();
    for (ModelSource source : sweep.models()) {
      if (source instanceof FileModelSource file) {
        add(found, new Read(file.path(), "", false, "model file", file.location()));
        EvalSpec eval = file.eval();
        if (eval != null) {
          if (eval.images() != null) {
            add(found, new Read(eval.images(), "", true, "image folder", eval.location()));
          }
          if (eval.csv() != null) {
            add(found, new Read(eval.csv(), "", false, "CSV file", eval.location()));
          }
          if (eval.labels() != null) {
            add(found, new Read(eval.labels(), "", false, "label file", eval.location()));
          }
        }
      } else if (source instanceof GeneratedModelSource generated && generated.train() != null) {
        String dataset = generated.train().dataset();
        Location at = generated.train().location();
        if (DatasetReader.builtins().contains(dataset)) {
          // A shipped dataset is read from the data folder beside the sweep, as TrainedModels does.
          for (String name : DatasetReader.builtinFiles(dataset)) {
            add(found, new Read("data", name, false, "dataset file", at));
          }
        } else {
          add(found, new Read(dataset, "", false, "dataset file", at));
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  private static void add(Map<String, Read> found, Read read) {
    found.putIfAbsent(read.written() + "\0" + read.relative(), read);
  }
}
