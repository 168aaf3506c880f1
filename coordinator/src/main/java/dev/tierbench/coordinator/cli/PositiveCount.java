package dev.tierbench.coordinator.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A limit flag: a whole number of at least 1, refused while the command line is parsed otherwise. */
final class PositiveCount implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException notWhole) {
      // refused below, with the other wrong values
    }
    throw new TypeConversionException("must be a whole number of at least 1, got '" + value + "'");
  }
}
