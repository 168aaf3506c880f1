package dev.tierbench.coordinator.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * When the progress bar shows. A type of its own so that picocli refuses {@code --progress=false} while it parses
 * the command line (exit 2), not after the coordinator has started.
 */
enum ProgressMode {
  AUTO, ALWAYS, NEVER;

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the flag's lower-case words; the message lists them. */
  static final class Converter implements ITypeConverter<ProgressMode> {
    @Override
    public ProgressMode convert(String value) {
      return Arrays.stream(values()).filter(m -> m.key().equals(value)).findFirst().orElseThrow(() ->
          new TypeConversionException("must be " + Arrays.stream(values()).map(ProgressMode::key)
              .collect(Collectors.joining(", ")) + ", got '" + value + "'"));
    }
  }
}
