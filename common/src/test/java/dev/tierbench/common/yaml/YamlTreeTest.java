package dev.tierbench.common.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.yaml.YamlNode.Scalar.Kind;

class YamlTreeTest {

  private static final String FILE = "t.yaml";

  private static Location at(int line, int column) {
    return new Location(FILE, line, column);
  }

  private static YamlNode.Mapping mapping(String yaml) {
    return assertInstanceOf(YamlNode.Mapping.class, YamlTree.parse(yaml, FILE));
  }

  @Test
  void everyNodeAndKeyKnowsWhereItWasWritten() {
    YamlNode.Mapping root = mapping("""
        name: demo
        axes:
          batch: [1, 4]
        models:
          - a.tflite
          - path: b.tflite
        """);

    assertEquals(at(1, 1), root.location());
    YamlNode.Entry name = root.entries().get("name");
    assertEquals(at(1, 1), name.keyLocation());
    assertEquals(at(1, 7), name.value().location());

    YamlNode.Mapping axes = assertInstanceOf(YamlNode.Mapping.class, root.entries().get("axes").value());
    assertEquals(at(2, 1), root.entries().get("axes").keyLocation());
    assertEquals(at(3, 3), axes.location());
    assertEquals(at(3, 3), axes.entries().get("batch").keyLocation());
    YamlNode.Sequence batch = assertInstanceOf(YamlNode.Sequence.class, axes.entries().get("batch").value());
    assertEquals(at(3, 10), batch.location());
    assertEquals(List.of(at(3, 11), at(3, 14)), batch.items().stream().map(YamlNode::location).toList());

    YamlNode.Sequence models = assertInstanceOf(YamlNode.Sequence.class, root.entries().get("models").value());
    assertEquals(at(5, 3), models.location());
    assertEquals(at(5, 5), models.items().get(0).location());
    YamlNode.Mapping second = assertInstanceOf(YamlNode.Mapping.class, models.items().get(1));
    assertEquals(at(6, 5), second.location());
    assertEquals(at(6, 11), second.entries().get("path").value().location());
  }

  @Test
  void mappingsKeepTheWrittenOrderOfTheirKeys() {
    YamlNode.Mapping root = mapping("zeta: 1\nalpha: 2\nmid: 3\n");
    assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(root.entries().keySet()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "4        | 4     | INTEGER",
      "-12      | -12   | INTEGER",
      "2.5      | 2.5   | DECIMAL",
      "true     | true  | BOOLEAN",
      "no       | no    | BOOLEAN",
      "'~'      | ~     | STRING",
      "~        | \"\"    | NULL",
      "null     | \"\"    | NULL",
      "four     | four  | STRING",
      "'4'      | 4     | STRING",
      "2s       | 2s    | STRING",
      "'true'   | true  | STRING"})
  void scalarsAreTypedTheWayYamlTypesThem(String written, String text, Kind kind) {
    YamlNode value = mapping("k: " + written + "\n").entries().get("k").value();
    YamlNode.Scalar scalar = assertInstanceOf(YamlNode.Scalar.class, value);
    assertEquals(kind, scalar.kind(), written);
    assertEquals(text, scalar.text(), written);
    assertEquals(at(1, 4), scalar.location());
  }

  @Test
  void aKeyWithNoValueIsANullScalarAtTheKeysLine() {
    YamlNode value = mapping("k:\nother: 1\n").entries().get("k").value();
    YamlNode.Scalar scalar = assertInstanceOf(YamlNode.Scalar.class, value);
    assertEquals(Kind.NULL, scalar.kind());
  }

  @Test
  void anEmptyDocumentIsANullScalarAtTheStart() {
    for (String text : List.of("", "\n\n", "# only a comment\n")) {
      YamlNode.Scalar root = assertInstanceOf(YamlNode.Scalar.class, YamlTree.parse(text, FILE), text);
      assertEquals(Kind.NULL, root.kind());
      assertEquals(at(1, 1), root.location());
    }
  }

  @Test
  void describeSaysWhatANodeIs() {
    YamlNode.Mapping root = mapping("a: four\nb: 4\nc: ~\nd: [1]\ne: {x: 1}\n");
    assertEquals("the text 'four'", root.entries().get("a").value().describe());
    assertEquals("'4'", root.entries().get("b").value().describe());
    assertEquals("nothing (null)", root.entries().get("c").value().describe());
    assertEquals("a list", root.entries().get("d").value().describe());
    assertEquals("a mapping of keys to values", root.entries().get("e").value().describe());
  }

  @Test
  void aDuplicateKeyIsReportedAtTheRepeatNamingTheFirst() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("""
        outer:
          a: 1
          b: 2
          a: 3
        """, FILE));
    assertEquals(at(4, 3), e.problems().get(0).location());
    assertEquals("duplicate key 'a' (first at t.yaml:2:3)", e.problems().get(0).message());
  }

  @Test
  void theSameKeyInDifferentMappingsIsNotADuplicate() {
    YamlNode.Mapping root = mapping("a: {x: 1}\nb: {x: 2}\n");
    assertEquals(2, root.entries().size());
  }

  @Test
  void malformedYamlIsReportedWhereTheMistakeIs() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("a: 1\nb:\n\t- 2\n", FILE));
    assertEquals(1, e.problems().size());
    assertEquals(at(3, 1), e.problems().get(0).location());
    assertTrue(e.getMessage().startsWith("t.yaml:3:1: malformed YAML: "), e.getMessage());
  }

  @Test
  void anUnterminatedQuoteSaysWhereTheQuoteBegan() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("a: 1\nb: \"open\n", FILE));
    String message = e.problems().get(0).message();
    assertTrue(message.contains("quoted scalar started at line 2, column 4"), message);
    assertTrue(message.contains("unexpected end of stream"), message);
  }

  @Test
  void nodesAreImmutable() {
    YamlNode.Mapping root = mapping("a: [1, 2]\n");
    assertThrows(UnsupportedOperationException.class, () -> root.entries().remove("a"));
    YamlNode.Sequence list = (YamlNode.Sequence) root.entries().get("a").value();
    assertThrows(UnsupportedOperationException.class, () -> list.items().clear());
  }

  @Test
  void anAliasIsRefusedByNameWhereItIsWritten() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("""
        a: &b [1, 2]
        threads: *b
        """, FILE));
    assertEquals(at(2, 10), e.problems().get(0).location());
    assertEquals("alias '*b' is not supported: write the value out where the alias is (anchors '&' and aliases '*'"
        + " are refused)", e.problems().get(0).message());
  }

  @Test
  void anAnchorWithoutAnAliasIsHarmless() {
    YamlNode.Mapping root = mapping("a: &b [1, 2]\n");
    assertEquals(2, assertInstanceOf(YamlNode.Sequence.class, root.entries().get("a").value()).items().size());
  }

  @Test
  void aSecondDocumentIsRefusedWhereItStarts() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("""
        name: one
        ---
        name: two
        """, FILE));
    assertEquals(at(3, 1), e.problems().get(0).location());
    assertTrue(e.getMessage().contains("a second YAML document ('---')"), e.getMessage());
  }

  @Test
  void anEmptySecondDocumentIsRefusedToo() {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.parse("name: one\n---\n", FILE));
    assertTrue(e.getMessage().contains("a second YAML document"), e.getMessage());
  }
}
