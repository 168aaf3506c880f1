package dev.tierbench.coordinator.cli;

import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --run-id}: a folder name, checked while the command line is parsed; empty means the sweep's name. */
final class RunIdConverter implements ITypeConverter<String> {

  /** The same rule as a sweep's name, which is the default run id. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Override
  public String convert(String value) {
    if (!value.isEmpty() && !RUN_ID.matcher(value).matches()) {
      throw new TypeConversionException("'" + value + "' may hold only letters, digits, '.', '_' and '-', starting"
          + " with a letter or digit (at most 64)");
    }
    return value;
  }
}
