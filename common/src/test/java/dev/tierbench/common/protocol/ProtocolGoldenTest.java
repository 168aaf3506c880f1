package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: the committed bytes of one fixed sample of each message type. A failure here means the wire
 * format changed, so agents and coordinators of different builds would no longer understand each other. If
 * that is intended, bump {@link Protocol#VERSION} and regenerate the fixtures from the project root with
 *
 * <pre>mvn -B -q -pl common test -Dtest=ProtocolGoldenTest -Dtierbench.golden.update=true</pre>
 *
 * which writes {@code common/src/test/resources/golden/protocol/<SimpleName>.bin} instead of comparing.
 */
class ProtocolGoldenTest {

  static final String UPDATE_PROPERTY = "tierbench.golden.update";
  private static final String RESOURCE_FOLDER = "golden/protocol/";
  /** Maven runs a module's tests with the module folder as working directory. */
  private static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", "golden", "protocol");

  private final KryoMessageCodec codec = new KryoMessageCodec();

  static Stream<Arguments> samples() {
    return ProtocolSamples.golden().entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getValue()));
  }

  private static boolean updating() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ProtocolGoldenTest.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + name + ".bin")) {
      assertNotNull(in, () -> "no golden fixture " + RESOURCE_FOLDER + name + ".bin; generate it with -D"
          + UPDATE_PROPERTY + "=true (see this class's comment)");
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void encodingMatchesTheGoldenFixture(String name, WireMessage sample) throws IOException {
    byte[] encoded = codec.encode(sample);
    if (updating()) {
      assertTrue(Files.isDirectory(Path.of("src", "test", "java")),
          "run the update from Maven (working directory = the common module), not from " + Path.of("").toAbsolutePath());
      Files.createDirectories(SOURCE_FOLDER);
      Files.write(SOURCE_FOLDER.resolve(name + ".bin"), encoded);
      return;
    }
    byte[] golden = fixture(name);
    assertArrayEquals(golden, encoded, () -> name + " encodes differently from its golden fixture:\n  golden  "
        + HexFormat.of().formatHex(golden) + "\n  now     " + HexFormat.of().formatHex(encoded)
        + "\nIf the protocol changed on purpose, bump Protocol.VERSION and regenerate (see ProtocolGoldenTest).");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void theGoldenFixtureDecodesToTheSample(String name, WireMessage sample) throws IOException {
    if (updating()) {
      return;
    }
    assertEquals(sample, codec.decode(fixture(name)));
  }

  @Test
  void fixturesCarryTheCurrentProtocolVersion() throws IOException {
    if (updating()) {
      return;
    }
    for (Class<?> type : WireMessage.class.getPermittedSubclasses()) {
      byte[] golden = fixture(type.getSimpleName());
      assertEquals('T', golden[0]);
      assertEquals('B', golden[1]);
      assertEquals(Protocol.VERSION, ((golden[2] & 0xff) << 8) | (golden[3] & 0xff), type.getSimpleName());
    }
  }
}
