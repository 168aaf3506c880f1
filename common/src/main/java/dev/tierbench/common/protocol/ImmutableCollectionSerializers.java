package dev.tierbench.common.protocol;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo serializers for the JDK's immutable {@code List.of}/{@code Map.of} classes, which the wire records
 * hold. Maps are written in key order so that equal messages encode to equal bytes.
 */
final class ImmutableCollectionSerializers {

  private ImmutableCollectionSerializers() {}

  /** A collection's declared size, refused before anything is allocated for it if the bytes cannot hold it. */
  private static int count(Input input, String what) {
    int count = input.readVarInt(true);
    ((BoundedInput) input).fits(count, 1, what);
    return count;
  }

  static final class ListSerializer extends Serializer<List<Object>> {
    ListSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<Object> list) {
      output.writeVarInt(list.size(), true);
      for (Object element : list) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      Object[] elements = new Object[count(input, "a list")];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = kryo.readClassAndObject(input);
      }
      return List.of(elements);
    }
  }

  static final class MapSerializer extends Serializer<Map<String, Object>> {
    MapSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<String, Object> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<String, Object> entry : new TreeMap<>(map).entrySet()) {
        output.writeString(entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    public Map<String, Object> read(Kryo kryo, Input input, Class<? extends Map<String, Object>> type) {
      int size = count(input, "a map");
      Map<String, Object> map = new TreeMap<>();
      for (int i = 0; i < size; i++) {
        map.put(input.readString(), kryo.readClassAndObject(input));
      }
      return Map.copyOf(map);
    }
  }
}
