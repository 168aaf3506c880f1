package dev.tierbench.common.yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into a {@link YamlNode} tree with locations, using Jackson's streaming YAML parser. */
public final class YamlTree {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  /**
   * @param file the name used in locations
   * @return the document's root, or a null scalar at 1:1 for an empty document
   * @throws YamlException for malformed YAML or duplicate keys, with the location
   */
  public static YamlNode parse(String text, String file) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, new Location(file, 1, 1));
      }
      YamlNode root = read(parser, file);
      if (parser.nextToken() != null) {
        // Jackson reads the documents of a stream one after another; a file is one document, so a second one
        // would otherwise be dropped without a word.
        throw new YamlException(here(parser, file), "a second YAML document ('---'): this file holds one document;"
            + " remove the separator or split the file");
      }
      return root;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        // Jackson's location is where its last token ended; SnakeYAML's problem mark is where the mistake is,
        // and its problem text says what is wrong (Jackson keeps only the first line, often just the context).
        throw new YamlException(at(file, yaml.getProblemMark()), "malformed YAML: " + yaml.getProblem()
            + (yaml.getContext() == null ? "" : " (" + yaml.getContext()
                + (yaml.getContextMark() == null ? "" : " started at line " + (yaml.getContextMark().getLine() + 1)
                    + ", column " + (yaml.getContextMark().getColumn() + 1)) + ")"));
      }
      JsonLocation at = e.getLocation();
      Location location = at == null ? new Location(file, 1, 1)
          : new Location(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
      throw new YamlException(location, "malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new YamlException(new Location(file, 1, 1), "cannot read: " + e.getMessage());
    }
  }

  private static YamlNode read(JsonParser parser, String file) throws IOException {
    Location location = here(parser, file);
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      // Jackson hands an alias over as the anchor's name, as if it were text. Refused rather than resolved: a file
      // then says what it means where it says it, and a few lines of aliases cannot expand to billions of values.
      throw new YamlException(location, "alias '*" + parser.getText() + "' is not supported: write the value out"
          + " where the alias is (anchors '&' and aliases '*' are refused)");
    }
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT: {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Location keyLocation = here(parser, file);
          parser.nextToken();
          YamlNode value = read(parser, file);
          if (entries.containsKey(key)) {
            throw new YamlException(keyLocation, "duplicate key '" + key + "' (first at "
                + entries.get(key).keyLocation() + ")");
          }
          entries.put(key, new YamlNode.Entry(key, keyLocation, value));
        }
        return new YamlNode.Mapping(entries, location);
      }
      case START_ARRAY: {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, file));
        }
        return new YamlNode.Sequence(items, location);
      }
      case VALUE_NUMBER_INT:
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.INTEGER, location);
      case VALUE_NUMBER_FLOAT:
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.DECIMAL, location);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.BOOLEAN, location);
      case VALUE_NULL:
        return new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, location);
      default:
        return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.STRING, location);
    }
  }

  /** SnakeYAML's marks are 0-based. */
  private static Location at(String file, Mark mark) {
    return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static Location here(JsonParser parser, String file) {
    JsonLocation at = parser.currentTokenLocation();
    return new Location(file, at.getLineNr(), at.getColumnNr());
  }
}
