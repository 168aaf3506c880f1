package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The one way tierbench writes JSON documents: records as objects, NaN ("not available") as null. */
public final class Json {

  private static final ObjectMapper MAPPER = mapper();

  private Json() {}

  public static void write(Path file, Object document) throws IOException {
    MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
  }

  public static String text(Object document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper mapper() {
    SimpleModule nanAsNull = new SimpleModule();
    nanAsNull.addSerializer(Double.class, new NanAsNull());
    nanAsNull.addSerializer(double.class, new NanAsNull());
    return new ObjectMapper().registerModule(nanAsNull).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** JSON has no NaN or infinity; tierbench uses NaN for "not available", so it becomes null. */
  private static final class NanAsNull extends JsonSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
      if (value.isNaN() || value.isInfinite()) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }
  }
}
