package dev.tierbench.coordinator.cli;

import dev.tierbench.common.config.ByteSizes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size flag ({@code 512MiB}, {@code 2GiB}); a bad one is a command-line error naming the format. */
final class ByteSizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    try {
      return ByteSizes.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
