package dev.tierbench.coordinator.submit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.RefusedFileException;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.YamlException;

/**
 * Every local file a sweep reads, hashed: what a submitted sweep must bring to a coordinator (which asks only for
 * the blobs it lacks). A folder (an image set) is one entry per regular file under it, hidden ones left out.
 */
public record SweepInputs(List<InputFile> files) {

  /** Above any image set written on purpose; a sweep pointed at a home folder stops here. */
  public static final int MAX_FILES = 100_000;
  public static final long MAX_TOTAL_BYTES = 64L << 30;
  /** The largest manifest parsed: MAX_FILES entries of ordinary paths. */
  public static final int MAX_JSON_CHARS = 64 << 20;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public SweepInputs {
    files = List.copyOf(files);
    if (files.size() > MAX_FILES) {
      throw new IllegalArgumentException("a sweep may bring at most " + MAX_FILES + " files, this one has "
          + files.size());
    }
    long total = files.stream().mapToLong(InputFile::size).reduce(0, SweepInputs::sum);
    if (total > MAX_TOTAL_BYTES) {
      throw new IllegalArgumentException("a sweep may bring at most " + MAX_TOTAL_BYTES + " bytes, this one has "
          + total);
    }
  }

  /**
   * @throws YamlException naming where the sweep declares a file that is missing, not regular, a link out of its
   *     folder, or beyond the limits
   */
  public static SweepInputs of(Sweep sweep, InputPaths inputs) {
    Map<String, InputFile> found = new LinkedHashMap<>();
    for (SweepReads.Read read : SweepReads.of(sweep)) {
      if (read.folder()) {
        folder(inputs, read.written(), read.at()).forEach(f -> add(found, f));
      } else {
        Path path = resolve(inputs, read.written(), read.at());
        add(found, hashed(read.written(), read.relative(), read.relative().isEmpty() ? path
            : path.resolve(read.relative()), read.what(), read.at()));
      }
      if (found.size() > MAX_FILES) {
        throw new YamlException(read.at(), "the sweep reads more than " + MAX_FILES + " files");
      }
    }
    try {
      return new SweepInputs(new ArrayList<>(found.values()));
    } catch (IllegalArgumentException e) {
      throw new YamlException(new Location(sweep.file().toString(), 1, 1), e.getMessage());
    }
  }

  /** The manifest as JSON, to travel with a submission. */
  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest of strings and numbers always writes", e);
    }
  }

  /**
   * A manifest from a client, every entry checked, each of at most {@code maxFile} bytes.
   *
   * @throws IllegalArgumentException saying in one line what is wrong and where
   */
  public static SweepInputs parse(String json, long maxFile) {
    if (json.length() > MAX_JSON_CHARS) {
      throw new IllegalArgumentException("the manifest is over " + MAX_JSON_CHARS + " characters");
    }
    SweepInputs parsed;
    try {
      parsed = JSON.readValue(json, SweepInputs.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("manifest: " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("manifest: " + e.getOriginalMessage() + at(e), e);
    }
    if (parsed == null || parsed.files == null) {
      throw new IllegalArgumentException("manifest: expected {\"files\": [...]}");
    }
    for (InputFile file : parsed.files) {
      if (file == null) {
        throw new IllegalArgumentException("manifest: an entry of 'files' is null");
      }
      if (file.size() > maxFile) {
        throw new IllegalArgumentException("manifest: '" + file.label() + "' has " + file.size() + " bytes, over the"
            + " upload limit of " + maxFile);
      }
    }
    return parsed;
  }

  private static String at(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
  }

  private static InputFile hashed(String written, String relative, Path file, String what, Location at) {
    String label = relative.isEmpty() ? written : written + "/" + relative;
    try {
      long size = InputFiles.requireRegular(file, what).size();
      return new InputFile(written, relative, size, ModelFile.sha256(file));
    } catch (RefusedFileException e) {
      throw new YamlException(at, what + " '" + label + "' " + e.reason());
    } catch (IOException e) {
      throw new YamlException(at, what + " '" + label + "' cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new YamlException(at, e.getMessage());
    }
  }

  /** Each regular file under an image folder; a link is followed only to a file inside it. */
  private static List<InputFile> folder(InputPaths inputs, String written, Location at) {
    Path folder = resolve(inputs, written, at);
    if (!Files.isDirectory(folder)) {
      throw new YamlException(at, "image folder '" + written + "' is not a folder (looked for " + folder + ")");
    }
    List<InputFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      Path real = folder.toRealPath();
      // Sorted, so that a manifest of the same folder is the same text on every machine.
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        Path relative = folder.relativize(path);
        if (path.equals(folder) || hidden(relative) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String name = relative.toString().replace(path.getFileSystem().getSeparator(), "/");
        if (Files.isSymbolicLink(path) && !path.toRealPath().startsWith(real)) {
          throw new YamlException(at, "image folder '" + written + "': '" + name + "' links out of it, to "
              + path.toRealPath());
        }
        if (files.size() == MAX_FILES) {
          throw new YamlException(at, "image folder '" + written + "' holds more than " + MAX_FILES + " files");
        }
        files.add(hashed(written, name, path, "image", at));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new YamlException(at, "image folder '" + written + "' cannot be listed: " + e.getMessage());
    }
    return files;
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Path resolve(InputPaths inputs, String written, Location at) {
    try {
      return inputs.resolve(written);
    } catch (IllegalArgumentException e) {
      throw new YamlException(at, e.getMessage());
    }
  }

  private static void add(Map<String, InputFile> found, InputFile file) {
    found.putIfAbsent(file.written() + "\0" + file.relative(), file);
  }

  private static long sum(long a, long b) {
    // Sizes come from clients: a sum past Long.MAX_VALUE is over any limit, not negative.
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }
}
