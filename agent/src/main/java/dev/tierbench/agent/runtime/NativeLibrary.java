package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.tierbench.common.cli.Causes;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.model.ModelFile;

/**
 * A TFLite JNI library the user built for a platform DJL ships none for (linux-aarch64: Raspberry Pi, Jetson),
 * handed to DJL where it looks before it would download: {@code ENGINE_CACHE_DIR/tflite/VERSION-cpu-CLASSIFIER/}.
 * A library for another processor is refused in one line, before the JVM would fail to load it.
 */
final class NativeLibrary {

  /** ELF e_machine values of the processors tierbench runs on, by the JVM's os.arch. */
  private static final Map<String, Integer> MACHINES = Map.of("amd64", 0x3E, "x86_64", 0x3E, "aarch64", 0xB7,
      "arm", 0x28);
  private static final Map<Integer, String> NAMES = Map.of(0x3E, "x86-64", 0xB7, "aarch64 (arm64)", 0x28,
      "32-bit ARM", 0xF3, "RISC-V");

  private NativeLibrary() {}

  /** Puts {@code library} where DJL finds it, in a folder of its own under {@code cacheDir}. */
  static void install(Path library, Path cacheDir) {
    if (!Files.isRegularFile(library)) {
      throw new UserException("--tflite-library " + library + ": no such file");
    }
    checkMachine(library);
    try {
      String hash = ModelFile.sha256(library).substring(0, 16);
      Path engines = cacheDir.resolve("engines").resolve(hash);
      Path target = engines.resolve("tflite").resolve(djlVersion() + "-cpu-" + classifier())
          .resolve("libtensorflowlite_jni.so");
      if (!Files.isRegularFile(target)) {
        Files.createDirectories(target.getParent());
        Files.copy(library, target);
      }
      System.setProperty("ENGINE_CACHE_DIR", engines.toString());
    } catch (IOException e) {
      throw new UserException("--tflite-library " + library + ": cannot place it under " + cacheDir + ": "
          + e.getMessage());
    }
  }

  /** The innermost cause of a failure to load a library, in one line. */
  static String rootMessage(Throwable e) {
    Throwable root = Causes.root(e);
    return root.getClass().getSimpleName() + ": " + (root.getMessage() == null ? "(no message)" : Causes.firstLine(root));
  }

  /** DJL's name for this platform: linux-x86_64, linux-aarch64. */
  static String classifier() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return "linux-" + (arch.equals("amd64") ? "x86_64" : arch);
  }

  private static void checkMachine(Path library) {
    byte[] header = new byte[20];
    try (InputStream in = Files.newInputStream(library)) {
      if (in.readNBytes(header, 0, header.length) < header.length || header[0] != 0x7F || header[1] != 'E'
          || header[2] != 'L' || header[3] != 'F') {
        throw new UserException("--tflite-library " + library + " is not a shared library (no ELF header)");
      }
    } catch (IOException e) {
      throw new UserException("--tflite-library " + library + ": cannot read it: " + e.getMessage());
    }
    int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    Integer expected = MACHINES.get(arch);
    if (expected != null && machine != expected) {
      throw new UserException("--tflite-library " + library + " is built for "
          + NAMES.getOrDefault(machine, "machine " + machine) + "; this machine is " + arch
          + ": build libtensorflowlite_jni.so for it (deploy/arm/README.md)");
    }
  }

  /** The TFLite version DJL's native jar declares (its cache folders are named by it). */
  private static String djlVersion() throws IOException {
    try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream("native/lib/tflite.properties")) {
      if (in == null) {
        throw new IOException("DJL's tflite-native jar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }
}
