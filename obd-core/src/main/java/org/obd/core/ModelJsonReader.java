package org.obd.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the model-file JSON of {@link ModelJson} through Jackson's tree model and validates every
 * field, so that each error names the source, the layer, the field and what was expected.
 * Non-numeric numbers ({@code NaN}, {@code Infinity}) are accepted by the parser only to be
 * reported as non-finite values. Syntax errors are told in plain words at their line and column
 * ({@code model.json: line 3, column 7: the file ends inside an object (opened at line 1, column
 * 1)}), not in the parser's wording; values echoed in messages are cut to {@link Echo#MAX}
 * characters.
 */
final class ModelJsonReader {

  /** The deepest nesting a model file may have; a conv2d weight needs 6 levels. */
  static final int MAX_DEPTH = 64;

  /** The longest number, in characters. */
  static final int MAX_NUMBER_LENGTH = 1000;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(MAX_NUMBER_LENGTH)
                          .build())
                  .build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final List<String> TOP_FIELDS =
      List.of("format", "version", "input", "layers", "mask");
  private static final List<String> DENSE_FIELDS =
      List.of("type", "in", "out", "activation", "weight", "bias");
  private static final List<String> CONV_FIELDS =
      List.of("type", "in", "out", "kernel", "stride", "activation", "weight", "bias");
  private static final List<String> POOL_FIELDS = List.of("type", "size", "activation");
  private static final List<String> FLATTEN_FIELDS = List.of("type");
  private static final String TYPES = "dense, conv2d, avgpool, flatten";

  private final String source;

  /** @param source what the errors name first: the file, or {@code model JSON} */
  ModelJsonReader(String source) {
    this.source = source;
  }

  Model read(byte[] json) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(json)) {
      try {
        root = MAPPER.readTree(parser);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        throw syntax(at, plain(e, parser.getParsingContext()), e);
      }
      if (root != null) {
        String trailing = "unexpected text after the end of the JSON value";
        try {
          if (parser.nextToken() != null) {
            throw syntax(parser.currentTokenLocation(), trailing, null);
          }
        } catch (JsonProcessingException e) {
          throw syntax(e.getLocation() != null ? e.getLocation() : parser.currentLocation(),
              trailing, e);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot parse JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw fail("", "the file is empty; expected a JSON object with a \"layers\" array");
    }
    if (!root.isObject()) {
      throw fail("", "expected a JSON object at the top level, found " + describe(root));
    }
    checkFields(root, TOP_FIELDS, "");
    JsonNode format = root.get("format");
    if (format != null && !(format.isTextual() && format.asText().equals(ModelJson.FORMAT))) {
      throw fail("", "format is " + describe(format) + ", expected \"" + ModelJson.FORMAT + "\"");
    }
    JsonNode version = root.get("version");
    if (version != null
        && !(version.isIntegralNumber()
            && version.canConvertToInt()
            && version.asInt() == ModelJson.VERSION)) {
      throw fail(
          "", "version is " + describe(version) + ", expected " + ModelJson.VERSION
              + " (the model-file version this obd reads)");
    }
    JsonNode layers = root.get("layers");
    if (layers == null) {
      throw fail("", "\"layers\" is missing; expected an array of layers");
    }
    if (!layers.isArray() || layers.isEmpty()) {
      throw fail("", "layers must be a non-empty array, found " + describe(layers));
    }
    Shape input = root.has("input") ? shape(root.get("input"), "", "input") : inferInput(layers);

    Network.Builder builder = Network.builder(input);
    Params params = new Params();
    String from = "the network input";
    for (int i = 0; i < layers.size(); i++) {
      layer(layers.get(i), i, from, builder, params);
      from = "the output of layer " + i + " (" + layers.get(i).get("type").asText() + ")";
    }
    Network net = builder.build();
    double[] theta = params.toArray();
    Mask mask = root.has("mask") ? mask(root.get("mask"), net, theta) : Mask.none(theta.length);
    return new Model(net, theta, mask);
  }

  // ---- layers ---------------------------------------------------------------------------------

  private Shape inferInput(JsonNode layers) {
    JsonNode first = layers.get(0);
    if (!first.isObject()) {
      throw fail("layer 0: ", "expected a JSON object, found " + describe(first));
    }
    String type = first.get("type") != null ? first.get("type").asText() : "";
    String ctx = context(0, first);
    if (type.equals("dense")) {
      return Shape.flat(positive(first, "in", ctx));
    }
    if (type.equals("conv2d")) {
      return shape(first.get("in"), ctx, "in");
    }
    throw fail(
        "", "\"input\" is missing and cannot be inferred: layer 0 is " + describe(first.get("type"))
            + "; give \"input\": [channels, height, width] or start with a dense or conv2d layer");
  }

  /**
   * Reads layer {@code i}, checks its {@code in} against {@code from} (a description of what feeds
   * it), adds it to the builder and its parameters to {@code params}.
   */
  private void layer(JsonNode node, int i, String from, Network.Builder builder, Params params) {
    if (!node.isObject()) {
      throw fail("layer " + i + ": ", "expected a JSON object, found " + describe(node));
    }
    JsonNode typeNode = node.get("type");
    if (typeNode == null) {
      throw fail("layer " + i + ": ", "type is missing; expected one of " + TYPES);
    }
    String ctx = context(i, node);
    Shape current = builder.current();
    switch (typeNode.isTextual() ? typeNode.asText() : "") {
      case "dense" -> {
        checkFields(node, DENSE_FIELDS, ctx);
        int in = positive(node, "in", ctx);
        if (in != current.size()) {
          throw fail(
              ctx, "in is " + in + ", expected " + current.size() + " (the size of " + from + " "
                  + current + ")");
        }
        int out = positive(node, "out", ctx);
        Activation act = activation(node, ctx, false);
        build(ctx, () -> builder.dense(out, act));
        tensor(node, "weight", new int[] {out, in}, new String[] {"out", "in"}, ctx, params);
        tensor(node, "bias", new int[] {out}, new String[] {"out"}, ctx, params);
      }
      case "conv2d" -> {
        checkFields(node, CONV_FIELDS, ctx);
        Shape in = shape(node.get("in"), ctx, "in");
        if (!in.equals(current)) {
          throw fail(
              ctx, "in is " + shapeText(in) + ", expected " + shapeText(current) + " (the shape of "
                  + from + ")");
        }
        int out = positive(node, "out", ctx);
        int[] kernel = ints(node.get("kernel"), ctx, "kernel", 2, "[height, width]");
        int stride = node.has("stride") ? positive(node, "stride", ctx) : 1;
        Activation act = activation(node, ctx, false);
        build(ctx, () -> builder.conv2d(out, kernel[0], kernel[1], stride, act));
        tensor(
            node, "weight", new int[] {out, in.channels(), kernel[0], kernel[1]},
            new String[] {"out", "in channels", "kernel height", "kernel width"}, ctx, params);
        tensor(node, "bias", new int[] {out}, new String[] {"out"}, ctx, params);
      }
      case "avgpool" -> {
        checkFields(node, POOL_FIELDS, ctx);
        int size = positive(node, "size", ctx);
        Activation act = activation(node, ctx, true);
        build(ctx, () -> builder.avgpool(size, act));
      }
      case "flatten" -> {
        checkFields(node, FLATTEN_FIELDS, ctx);
        builder.flatten();
      }
      default -> throw fail(
          "layer " + i + ": ", "unknown type " + describe(typeNode) + "; expected one of " + TYPES);
    }
  }

  /** Runs a builder step, prefixing the layer context to its validation message. */
  private void build(String ctx, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      throw fail(ctx, e.getMessage());
    }
  }

  private Activation activation(JsonNode node, String ctx, boolean optional) {
    JsonNode a = node.get("activation");
    if (a == null) {
      if (optional) {
        return Activation.IDENTITY;
      }
      throw fail(ctx, "activation is missing; expected one of " + Activation.names());
    }
    if (a.isTextual()) {
      for (Activation act : Activation.values()) {
        if (act.configName().equals(a.asText())) {
          return act;
        }
      }
    }
    throw fail(
        ctx, "unknown activation " + describe(a) + "; expected one of " + Activation.names());
  }

  /** Reads the nested arrays of a tensor of extents {@code dims} row-major into {@code params}. */
  private void tensor(
      JsonNode layer, String field, int[] dims, String[] labels, String ctx, Params params) {
    JsonNode node = layer.get(field);
    if (node == null) {
      throw fail(ctx, field + " is missing; expected " + expectedNesting(dims));
    }
    tensor(node, field, dims, labels, 0, ctx, params);
  }

  private void tensor(
      JsonNode node, String path, int[] dims, String[] labels, int depth, String ctx,
      Params params) {
    if (!node.isArray()) {
      throw fail(
          ctx, path + " must be " + expectedNesting(Arrays.copyOfRange(dims, depth, dims.length))
              + ", found " + describe(node));
    }
    if (node.size() != dims[depth]) {
      String unit = depth + 1 == dims.length ? "values" : depth + 2 == dims.length ? "rows"
          : "entries";
      throw fail(
          ctx, path + " has " + node.size() + " " + unit + ", expected " + labels[depth] + " = "
              + dims[depth]);
    }
    for (int e = 0; e < node.size(); e++) {
      String at = path + "[" + e + "]";
      JsonNode child = node.get(e);
      if (depth + 1 < dims.length) {
        tensor(child, at, dims, labels, depth + 1, ctx, params);
      } else {
        params.add(number(child, ctx, at));
      }
    }
  }

  private static String expectedNesting(int[] dims) {
    if (dims.length == 1) {
      return "an array of " + dims[0] + " numbers";
    }
    StringBuilder sb = new StringBuilder("nested arrays of extents ");
    for (int d : dims) {
      sb.append('[').append(d).append(']');
    }
    return sb.toString();
  }

  private double number(JsonNode n, String ctx, String path) {
    if (!n.isNumber()) {
      throw fail(ctx, path + " must be a number, found " + describe(n));
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      throw fail(ctx, path + " must be a finite number, found " + Echo.abbreviate(n.asText()));
    }
    return v;
  }

  // ---- mask -----------------------------------------------------------------------------------

  private Mask mask(JsonNode node, Network net, double[] theta) {
    if (!node.isObject()) {
      throw fail("", "mask must be an object {\"deleted\": [indices]}, found " + describe(node));
    }
    checkFields(node, List.of("deleted"), "mask: ");
    JsonNode deleted = node.get("deleted");
    if (deleted == null) {
      throw fail("", "mask.deleted is missing; expected an array of parameter indices");
    }
    if (!deleted.isArray()) {
      throw fail("", "mask.deleted must be an array of parameter indices, found "
          + describe(deleted));
    }
    int p = theta.length;
    BitSet seen = new BitSet(p);
    int[] indices = new int[deleted.size()];
    for (int j = 0; j < deleted.size(); j++) {
      JsonNode e = deleted.get(j);
      String path = "mask.deleted[" + j + "]";
      if (!e.isIntegralNumber()) {
        throw fail(
            "", path + " must be an integer (a parameter index in 0.." + (p - 1) + "), found "
                + describe(e));
      }
      if (!e.canConvertToInt() || e.asInt() < 0 || e.asInt() >= p) {
        throw fail(
            "", path + " is " + describe(e) + ", expected a parameter index in 0.." + (p - 1));
      }
      int k = e.asInt();
      if (seen.get(k)) {
        throw fail("", path + " repeats parameter index " + k);
      }
      seen.set(k);
      indices[j] = k;
      if (theta[k] != 0.0) {
        ParameterBlock b = net.blockOf(k);
        String name = b.parameterName(k).substring(("layer" + b.layer() + ".").length());
        throw fail(
            "layer " + b.layer() + " (" + net.layers().get(b.layer()).type() + "): ",
            name + " is deleted by the mask (index " + k + ") but its value is "
                + theta[k] + ", expected 0");
      }
    }
    return Mask.of(p, indices);
  }

  // ---- small readers --------------------------------------------------------------------------

  private void checkFields(JsonNode node, List<String> allowed, String ctx) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!allowed.contains(f)) {
        throw fail(
            ctx, "unknown field \"" + Echo.abbreviate(f) + "\"; expected "
                + String.join(", ", allowed));
      }
    }
  }

  private int positive(JsonNode node, String field, String ctx) {
    JsonNode n = node.get(field);
    if (n == null) {
      throw fail(ctx, field + " is missing; expected a positive integer");
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw fail(ctx, field + " must be a positive integer, found " + describe(n));
    }
    return n.asInt();
  }

  private int[] ints(JsonNode n, String ctx, String field, int count, String form) {
    if (n == null) {
      throw fail(ctx, field + " is missing; expected " + form);
    }
    if (!n.isArray() || n.size() != count) {
      throw fail(ctx, field + " must be " + form + ", found " + describe(n));
    }
    int[] r = new int[count];
    for (int j = 0; j < count; j++) {
      JsonNode e = n.get(j);
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 1) {
        throw fail(ctx, field + "[" + j + "] must be a positive integer, found " + describe(e));
      }
      r[j] = e.asInt();
    }
    return r;
  }

  private Shape shape(JsonNode n, String ctx, String field) {
    int[] s = ints(n, ctx, field, 3, "[channels, height, width]");
    return new Shape(s[0], s[1], s[2]);
  }

  private static String shapeText(Shape s) {
    return "[" + s.channels() + ", " + s.height() + ", " + s.width() + "]";
  }

  /** {@code layer 3 (dense): }, or {@code layer 3: } when the type is not a string. */
  private static String context(int i, JsonNode node) {
    JsonNode t = node.get("type");
    return t != null && t.isTextual() ? "layer " + i + " (" + t.asText() + "): " : "layer " + i + ": ";
  }

  /** A short description of a JSON value for messages: strings quoted, containers by kind. */
  private static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isTextual()) {
      return '"' + Echo.abbreviate(n.asText()) + '"';
    }
    if (n.isArray()) {
      return n.size() <= 4 ? Echo.abbreviate(n.toString()) : "an array of " + n.size() + " elements";
    }
    if (n.isObject()) {
      return "an object";
    }
    return Echo.abbreviate(n.toString());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  // ---- syntax errors in plain words ------------------------------------------------------------

  private static final Pattern OPENED =
      Pattern.compile("(?:start marker|starting) at \\[.*?line: (\\d+), column: (\\d+)\\]");
  private static final Pattern CHARACTER =
      Pattern.compile("Unexpected character \\('(.*?)' \\(code (\\d+)\\)\\)(.*)", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'(.*)'", Pattern.DOTALL);
  private static final Pattern TOKEN =
      Pattern.compile("Unrecognized token '(.*?)': was expecting", Pattern.DOTALL);

  private IllegalArgumentException syntax(JsonLocation at, String message, Throwable cause) {
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return new IllegalArgumentException(source + ": " + where + message, cause);
  }

  /**
   * What a parser error means, without the parser's wording; {@code context} is where the parser
   * stopped (the object or array being read).
   */
  static String plain(JsonProcessingException e, JsonStreamContext context) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String opened = opened(m);
    if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
      if (e instanceof JsonEOFException eof
          && (eof.getTokenBeingDecoded() == JsonToken.VALUE_STRING
              || eof.getTokenBeingDecoded() == JsonToken.FIELD_NAME)) {
        return "the file ends inside a string";
      }
      if (context != null && (context.inObject() || context.inArray())) {
        JsonLocation start = context.startLocation(ContentReference.unknown());
        String at =
            start == null || start.getLineNr() < 1
                ? ""
                : " (opened at line " + start.getLineNr() + ", column " + start.getColumnNr()
                    + ")";
        return "the file ends inside " + (context.inObject() ? "an object" : "an array") + at;
      }
      return "the file ends before the JSON value is complete";
    }
    if (e instanceof StreamConstraintsException) {
      if (m.contains("nesting depth")) {
        return "nested more than " + MAX_DEPTH + " levels (a model file needs at most 6)";
      }
      if (m.contains("Number value length")) {
        return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
      }
      return "a value longer than the parser allows";
    }
    if (m.startsWith("Unexpected close marker")) {
      Matcher c = Pattern.compile("marker '(.)': expected '(.)'").matcher(m);
      if (c.find()) {
        return m.contains("for root")
            ? "unexpected '" + c.group(1) + "': nothing is open to close"
            : "unexpected '" + c.group(1) + "'; expected '" + c.group(2) + "' to close the "
                + (c.group(2).equals("]") ? "array" : "object") + opened;
      }
    }
    Matcher c = CHARACTER.matcher(m);
    if (c.lookingAt()) {
      int code = Integer.parseInt(c.group(2));
      String ch = code < 32 ? "control character (code " + code + ")" : "'" + c.group(1) + "'";
      String rest = c.group(3);
      String expected =
          rest.contains("colon to separate") ? "; expected ':' after the field name"
              : rest.contains("comma to separate Object") ? "; expected ',' or '}' after a field"
              : rest.contains("comma to separate Array") ? "; expected ',' or ']' after an element"
              : rest.contains("double-quote to start field name")
                  ? "; expected a field name in double quotes"
              : rest.contains("in numeric value") ? " in a number"
              : rest.contains("expected a value") ? "; expected a value"
              : "";
      return "unexpected " + ch + expected;
    }
    if (m.startsWith("Unrecognized token")) {
      Matcher q = TOKEN.matcher(m);
      String token = q.lookingAt() ? q.group(1) : "";
      return "unexpected word " + Echo.quote(token) + "; expected a number, a string, an array,"
          + " an object, true, false or null";
    }
    if (m.startsWith("Duplicate field")) {
      Matcher q = QUOTED.matcher(m);
      return "field \"" + Echo.abbreviate(q.find() ? q.group(1) : "") + "\" appears twice";
    }
    if (m.startsWith("Illegal unquoted character")) {
      return "a control character inside a string; write it escaped (e.g. \\n, \\t)";
    }
    if (m.startsWith("Invalid numeric value") || m.startsWith("Invalid number")) {
      return "a malformed number (" + Echo.abbreviate(oneLine(m.replaceFirst(".*?: ", ""))) + ")";
    }
    if (m.contains("UTF-8") || m.contains("UTF8")) {
      return "the file is not UTF-8 text";
    }
    String first = oneLine(m.replaceAll("\\s*\\(?(at )?\\[Source:.*", ""));
    return "malformed JSON: " + Echo.abbreviate(first);
  }

  /** {@code  (opened at line L, column C)} from a parser message, or nothing. */
  private static String opened(String m) {
    Matcher o = OPENED.matcher(m);
    return o.find() ? " (opened at line " + o.group(1) + ", column " + o.group(2) + ")" : "";
  }

  private IllegalArgumentException fail(String ctx, String message) {
    return new IllegalArgumentException(source + ": " + ctx + message);
  }

  /** A growable list of doubles. */
  private static final class Params {
    private double[] data = new double[64];
    private int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
