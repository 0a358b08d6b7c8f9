package org.obd.train.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads YAML text into a {@link Document}: a Jackson tree plus the line and column of every key
 * and value, from one pass over the {@link YAMLParser} token stream.
 *
 * <p>YAML as read: booleans are {@code true} and {@code false} only ({@code yes}, {@code no},
 * {@code on}, {@code off} are strings); an empty value is null; {@code 1e-3}, {@code .inf},
 * {@code .nan} are numbers; anchors ({@code &name}) and aliases ({@code *name}) are resolved by
 * copying; duplicate keys, a second document and malformed text are {@link ConfigException}s
 * with the line and column of the problem.
 */
final class YamlReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .build();

  private final Document doc;
  private final YAMLParser parser;
  private final Map<String, JsonNode> anchors = new HashMap<>();

  private YamlReader(Document doc, YAMLParser parser) {
    this.doc = doc;
    this.parser = parser;
  }

  /**
   * Reads one YAML document; an empty text (or only comments) gives a document whose root is
   * missing.
   *
   * @param source what messages call the text: a file name, or an override's text
   * @throws ConfigException for malformed YAML, duplicate keys, unknown aliases, a second
   *     document, or a number too large for a double
   */
  static Document read(String text, String source) {
    Document doc = new Document(source);
    try (YAMLParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        return doc;
      }
      YamlReader r = new YamlReader(doc, p);
      try {
        doc.root = r.value("");
        if (p.nextToken() != null) {
          throw new ConfigException(
              r.position(p.currentTokenLocation()), "",
              "a second YAML document ('---') is not allowed; one file holds one config");
        }
      } catch (JsonProcessingException e) {
        throw r.malformed(e);
      }
      return doc;
    } catch (JsonProcessingException e) {
      throw malformed(doc.source, e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML from a string", e);
    }
  }

  private JsonNode value(String key) throws IOException {
    Position at = position(parser.currentTokenLocation());
    doc.values.put(key, at);
    String anchor = parser.getObjectId(); // a YAML anchor is Jackson's native object id
    JsonNode node;
    if (parser.isCurrentAlias()) {
      JsonNode target = anchors.get(parser.getText());
      if (target == null) {
        throw new ConfigException(at, key, "unknown alias '*" + parser.getText() + "'");
      }
      node = target.deepCopy();
      if (node.isContainerNode()) {
        doc.containers.add(key);
      }
    } else {
      node = switch (parser.currentToken()) {
        case START_OBJECT -> mapping(key);
        case START_ARRAY -> list(key);
        case VALUE_STRING -> NODES.textNode(parser.getText());
        case VALUE_NUMBER_INT -> integer();
        case VALUE_NUMBER_FLOAT -> NODES.numberNode(floating(at, key));
        case VALUE_TRUE -> NODES.booleanNode(true);
        case VALUE_FALSE -> NODES.booleanNode(false);
        case VALUE_NULL -> NODES.nullNode();
        default -> throw new ConfigException(
            at, key, "unsupported YAML value (" + parser.getText() + ")");
      };
      if (!node.isContainerNode()) {
        doc.raw.put(key, parser.getText());
      }
    }
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private ObjectNode mapping(String key) throws IOException {
    doc.containers.add(key);
    ObjectNode o = NODES.objectNode();
    while (nextKey(key) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String child = Document.child(key, name);
      doc.keys.put(child, position(parser.currentTokenLocation()));
      parser.nextToken();
      o.set(name, value(child));
    }
    return o;
  }

  /** The next token of a mapping; a duplicate key names the first occurrence. */
  private JsonToken nextKey(String key) throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonParseException e) {
      String name = parser.currentName();
      Position first = doc.keys.get(Document.child(key, name));
      if (first == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
        throw e;
      }
      throw new ConfigException(
          position(parser.currentTokenLocation()), key,
          "duplicate key '" + name + "' (first at line " + first.line() + ", column "
              + first.column() + ")");
    }
  }

  private ArrayNode list(String key) throws IOException {
    doc.containers.add(key);
    ArrayNode a = NODES.arrayNode();
    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
      a.add(value(Document.item(key, i)));
    }
    return a;
  }

  /** The smallest of int, long and big integer that holds the value, as Jackson would read it. */
  private JsonNode integer() throws IOException {
    Number n = parser.getNumberValue();
    if (n instanceof Integer i) {
      return NODES.numberNode(i);
    }
    return n instanceof Long l ? NODES.numberNode(l) : NODES.numberNode(parser.getBigIntegerValue());
  }

  /** YAML floats, with {@code .inf}, {@code -.inf}, {@code .nan}. */
  private double floating(Position at, String key) throws IOException {
    String t = parser.getText().toLowerCase(Locale.ROOT);
    switch (t) {
      case ".inf", "+.inf":
        return Double.POSITIVE_INFINITY;
      case "-.inf":
        return Double.NEGATIVE_INFINITY;
      case ".nan":
        return Double.NaN;
      default:
        double d = parser.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw new ConfigException(
              at, key, "number " + parser.getText() + " is too large (write .inf for infinity)");
        }
        return d;
    }
  }

  private Position position(JsonLocation l) {
    return new Position(doc.source, l.getLineNr(), l.getColumnNr());
  }

  private ConfigException malformed(JsonProcessingException e) {
    return malformed(doc.source, e);
  }

  /** One line for a syntax error: the problem at its position, without parser internals. */
  @SuppressWarnings("deprecation") // Jackson's wrapper of SnakeYAML's marked exception
  static ConfigException malformed(String source, JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException m
        && m.getProblemMark() != null) {
      var mark = m.getProblemMark();
      var contextMark = m.getContextMark();
      String context = m.getContext() == null ? "" : m.getContext().strip();
      String opened = contextMark == null ? ""
          : " at line " + (contextMark.getLine() + 1) + ", column "
              + (contextMark.getColumn() + 1);
      String problem = m.getProblem() == null ? "" : m.getProblem().strip();
      if (problem.contains("\\t(TAB)")) {
        problem = "a tab character; indent YAML with spaces";
      } else if (problem.startsWith("found character")) {
        problem = problem.replaceFirst(
            "found character (\\S+) that cannot start any token.*",
            "a value cannot start with $1; put it in quotes");
      } else if (problem.startsWith("mapping values are not allowed")) {
        problem = "unexpected ':'; check the indentation, or put a value that contains ': ' in"
            + " quotes";
      } else if (problem.contains("expected <block end>")) {
        problem = "bad indentation: this line does not line up with the lines above it";
      } else if (context.contains("flow sequence")) {
        problem = "the list opened with '['" + opened + " is not closed (" + problem + ")";
      } else if (context.contains("flow mapping")) {
        problem = "the mapping opened with '{'" + opened + " is not closed (" + problem + ")";
      } else if (context.contains("quoted scalar")) {
        problem = "the quoted text opened" + opened + " is not closed";
      } else if (!context.isEmpty()) {
        problem += " (" + context + opened + ")";
      }
      return new ConfigException(
          source, mark.getLine() + 1, mark.getColumn() + 1, "", "malformed YAML: " + problem,
          null, e);
    }
    JsonLocation l = e.getLocation();
    String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    return new ConfigException(
        source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
        "malformed YAML: " + first, null, e);
  }
}
