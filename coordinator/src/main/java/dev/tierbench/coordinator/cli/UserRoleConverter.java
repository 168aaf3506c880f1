package dev.tierbench.coordinator.cli;

import java.util.Locale;
import java.util.stream.Collectors;

import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.UserCredentials;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --role}: a person's role, {@code read} or {@code submit}, checked while the command line is parsed. */
final class UserRoleConverter implements ITypeConverter<Role> {

  @Override
  public Role convert(String value) {
    return UserCredentials.ROLES.stream().filter(r -> r.name().toLowerCase(Locale.ROOT).equals(value)).findFirst()
        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a user's role: " + UserCredentials.ROLES
            .stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(" or "))));
  }
}
