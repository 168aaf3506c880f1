package dev.tierbench.coordinator.submit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.coordinator.upload.BlobStore;

/**
 * A submitted sweep's files on the coordinator: each path the sweep names, laid out under a folder of its run from
 * the uploaded blobs (hard links where the file system allows, copies where not), so the sweep reads them as it
 * would beside its file, and nothing else.
 */
public final class SubmittedInputs implements InputPaths {

  private final Map<String, Path> written = new LinkedHashMap<>();

  private SubmittedInputs() {}

  /**
   * Lays out {@code inputs} under {@code folder} from {@code blobs}.
   *
   * @throws IllegalArgumentException for a blob not uploaded (naming its file), or two entries that collide
   * @throws IOException if the folder cannot be written
   */
  public static SubmittedInputs materialize(SweepInputs inputs, BlobStore blobs, Path folder) throws IOException {
    SubmittedInputs submitted = new SubmittedInputs();
    for (InputFile file : inputs.files()) {
      if (!blobs.has(file.sha256())) {
        throw new IllegalArgumentException("'" + file.label() + "' (sha256 " + file.sha256() + ") was not uploaded");
      }
      // Written paths may be absolute or climb out ("../data.csv"): each gets a folder of its own, named by a hash.
      Path root = submitted.written.computeIfAbsent(file.written(), w -> folder.resolve(name(w)));
      Path target = file.relative().isEmpty() ? root : root.resolve(file.relative());
      if (!target.normalize().startsWith(folder)) {
        throw new IllegalArgumentException("'" + file.label() + "' would land outside " + folder);
      }
      Files.createDirectories(target.getParent());
      if (Files.exists(target) && Files.isSameFile(target, blobs.path(file.sha256()))) {
        continue; // laid out before: a run prepared again
      }
      try {
        Files.createLink(target, blobs.path(file.sha256()));
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException("'" + file.label() + "' is named twice, or both as a file and a folder");
      } catch (UnsupportedOperationException | IOException e) {
        Files.copy(blobs.path(file.sha256()), target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return submitted;
  }

  @Override
  public Path resolve(String path) {
    Path local = written.get(path);
    if (local == null) {
      throw new IllegalArgumentException("'" + path + "' was not uploaded with the sweep");
    }
    return local;
  }

  /** A folder name for a written path: readable where it can be, unique by its hash. */
  private static String name(String written) {
    String readable = written.replaceAll("[^A-Za-z0-9._-]", "_");
    readable = readable.substring(Math.max(0, readable.length() - 40)).replaceAll("^\\.+", "_");
    byte[] hash = ModelFile.newDigest().digest(written.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash, 0, 8) + "-" + readable;
  }
}
