package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelJsonTest {

  @TempDir Path dir;

  /** Random doubles over the whole range: signs, negative zero, subnormals, huge values. */
  static double[] awkwardValues(int n, Random r) {
    double[] special = {
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310, -2.5e-320,
      Double.MAX_VALUE, -Double.MAX_VALUE, 1e308, 0.1, 1.0 / 3.0, 2e23, 9007199254740993.0
    };
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      if (k < special.length) {
        v[k] = special[k];
      } else {
        // random bit patterns, rejecting NaN and infinities
        double d;
        do {
          d = Double.longBitsToDouble(r.nextLong());
        } while (!Double.isFinite(d));
        v[k] = r.nextBoolean() ? d : r.nextGaussian();
      }
    }
    return v;
  }

  static Model convModel(Random r) {
    Network net = ObjectiveTest.convNet();
    double[] theta = awkwardValues(net.parameterCount(), r);
    int[] deleted = {3, 17, net.parameterCount() - 1};
    Mask mask = Mask.of(net.parameterCount(), deleted);
    for (int k : deleted) {
      theta[k] = 0.0;
    }
    theta[17] = -0.0; // a deleted parameter may be negative zero
    return new Model(net, theta, mask);
  }

  private static void assertBitExact(Model expected, Model actual) {
    assertEquals(expected.network(), actual.network());
    assertEquals(expected.mask(), actual.mask());
    double[] a = expected.parameters();
    double[] b = actual.parameters();
    assertEquals(a.length, b.length);
    for (int k = 0; k < a.length; k++) {
      assertEquals(
          Double.doubleToRawLongBits(a[k]), Double.doubleToRawLongBits(b[k]),
          "parameter " + k + ": " + a[k] + " read back as " + b[k]);
    }
  }

  @Test
  void roundTripIsBitExactForEveryLayerTypeAndTheMask() {
    Random r = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      Model m = convModel(r);
      String json = ModelJson.toJson(m);
      Model back = ModelJson.parse(json);
      assertBitExact(m, back);
      assertEquals(json, ModelJson.toJson(back), "writing a read model gives the same text");
    }
  }

  @Test
  void denseModelRoundTripsThroughAFile() throws IOException {
    Random r = new Random(5);
    Network net =
        Network.builder(Shape.flat(6))
            .dense(5, Activation.RELU)
            .dense(3, Activation.SIGMOID)
            .build();
    Model m = new Model(net, awkwardValues(net.parameterCount(), r));
    Path file = dir.resolve("m.json");
    Files.writeString(file, "old content");
    ModelJson.write(m, file);
    assertBitExact(m, ModelJson.read(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void writesTheDocumentedLayout() {
    Network net = Network.builder(Shape.flat(2)).dense(1, Activation.TANH).build();
    Model m = new Model(net, new double[] {0.5, -0.0, 1e-300}, Mask.of(3, 1));
    String expected =
        """
        {
          "format": "obd-model",
          "version": 1,
          "input": [2, 1, 1],
          "layers": [
            {
              "type": "dense",
              "in": 2,
              "out": 1,
              "activation": "tanh",
              "weight": [
                [0.5, -0.0]
              ],
              "bias": [1.0E-300]
            }
          ],
          "mask": {
            "deleted": [1]
          }
        }
        """;
    assertEquals(expected, ModelJson.toJson(m));
  }

  @Test
  void minimalFileWithOnlyDenseLayersLoads() {
    String json =
        """
        {"layers": [
          {"type": "dense", "in": 3, "out": 2, "activation": "scaled-tanh",
           "weight": [[1, 2, 3], [4, 5, 6.5]], "bias": [-1, 0.25]},
          {"type": "dense", "in": 2, "out": 1, "activation": "identity",
           "weight": [[7, 8]], "bias": [9]}
        ]}
        """;
    Model m = ModelJson.parse(json);
    assertEquals(Shape.flat(3), m.network().inputShape());
    assertEquals(2, m.network().layers().size());
    assertEquals(Activation.SCALED_TANH, m.network().layers().get(0).activation());
    assertArrayEquals(
        new double[] {1, 2, 3, 4, 5, 6.5, -1, 0.25, 7, 8, 9}, m.parameters(), 0.0);
    assertEquals(0, m.mask().deletedCount());
  }

  @Test
  void convInputIsInferredAndDefaultsApply() {
    String json =
        """
        {"layers": [
          {"type": "conv2d", "in": [1, 3, 3], "out": 1, "kernel": [2, 2], "activation": "relu",
           "weight": [[[[1, 2], [3, 4]]]], "bias": [0]},
          {"type": "avgpool", "size": 2},
          {"type": "flatten"}
        ]}
        """;
    Model m = ModelJson.parse(json);
    assertEquals(new Shape(1, 3, 3), m.network().inputShape());
    Conv2d c = (Conv2d) m.network().layers().get(0);
    assertEquals(1, c.stride());
    assertEquals(Activation.IDENTITY, m.network().layers().get(1).activation());
    assertEquals(Shape.flat(1), m.network().outputShape());
  }

  private static final String W2 = "\"weight\": [[1, 2], [3, 4]], \"bias\": [0, 0]";

  private static String dense(String fields) {
    return "{\"type\": \"dense\", \"in\": 2, \"out\": 2, \"activation\": \"tanh\", " + fields + "}";
  }

  private static String net(String... layers) {
    return "{\"layers\": [" + String.join(", ", layers) + "]}";
  }

  static Stream<Arguments> malformed() {
    String ok = dense(W2);
    return Stream.of(
        Arguments.of(
            "{\"layers\": [",
            "model JSON: line 1, column 13: the file ends inside an array (opened at line 1,"
                + " column 12)"),
        Arguments.of(
            "{\n  \"layers\": [\n    {\"type\": \"dense\",",
            "model JSON: line 3, column 22: the file ends inside an object (opened at line 3,"
                + " column 5)"),
        Arguments.of("{\"layers\": \"dense", "model JSON: line 1, column 18: the file ends inside a"
            + " string"),
        Arguments.of("{\"layers\": [}", "model JSON: line 1, column 13: unexpected '}'; expected"
            + " ']' to close the array (opened at line 1, column 12)"),
        Arguments.of("{\"layers\": [1 2]}", "line 1, column 15: unexpected '2'; expected ',' or"
            + " ']' after an element"),
        Arguments.of("{\"layers\" 1}", "line 1, column 11: unexpected '1'; expected ':' after the"
            + " field name"),
        Arguments.of("{layers: 1}", "line 1, column 2: unexpected 'l'; expected a field name in"
            + " double quotes"),
        Arguments.of("{\"layers\": tru}", "line 1, column 16: unexpected word 'tru'; expected a"
            + " number, a string, an array, an object, true, false or null"),
        Arguments.of("[".repeat(100), "model JSON: line 1, column 66: nested more than 64 levels (a"
            + " model file needs at most 6)"),
        Arguments.of("{\"layers\": [1" + "0".repeat(2000) + "]}", "a number longer than 1000"
            + " characters"),
        Arguments.of("{\"layers\": [], \"x\": 1} ]", "model JSON: line 1, column 24: unexpected"
            + " text after the end of the JSON value"),
        Arguments.of("", "model JSON: the file is empty"),
        Arguments.of("[1, 2]", "model JSON: expected a JSON object at the top level, found [1,2]"),
        Arguments.of(
            "{} {}", "model JSON: line 1, column 4: unexpected text after the end of the JSON value"),
        Arguments.of(
            "{\"layers\": [], \"layers\": []}",
            "model JSON: line 1, column 24: field \"layers\" appears twice"),
        Arguments.of("{}", "model JSON: \"layers\" is missing"),
        Arguments.of("{\"layers\": []}", "layers must be a non-empty array"),
        Arguments.of(
            "{\"format\": \"onnx\", \"layers\": [" + ok + "]}",
            "format is \"onnx\", expected \"obd-model\""),
        Arguments.of("{\"version\": 2, \"layers\": [" + ok + "]}", "version is 2, expected 1"),
        Arguments.of("{\"layer\": []}", "unknown field \"layer\"; expected format, version"),
        Arguments.of(
            net(ok, "{\"type\": \"dens\"}"),
            "model JSON: layer 1: unknown type \"dens\"; expected one of dense, conv2d"),
        Arguments.of(net(ok, "{\"in\": 2}"), "layer 1: type is missing; expected one of dense"),
        Arguments.of(net(ok, "7"), "layer 1: expected a JSON object, found 7"),
        Arguments.of(net("[1]"), "model JSON: layer 0: expected a JSON object, found [1]"),
        Arguments.of(
            net(dense("\"weight\": [[1, 2], [3, 4]], \"bias\": [0, 0], \"activation\": \"tahn\"")
                .replace("\"activation\": \"tanh\", ", "")),
            "layer 0 (dense): unknown activation \"tahn\"; expected one of identity, tanh"),
        Arguments.of(
            net(ok.replace("\"activation\": \"tanh\", ", "")),
            "layer 0 (dense): activation is missing"),
        Arguments.of(
            net(ok, dense("\"weight\": [[1, 2], [3, 4], [5, 6]], \"bias\": [0, 0]")),
            "model JSON: layer 1 (dense): weight has 3 rows, expected out = 2"),
        Arguments.of(
            net(dense("\"weight\": [[1, 2], [3]], \"bias\": [0, 0]")),
            "layer 0 (dense): weight[1] has 1 values, expected in = 2"),
        Arguments.of(
            net(dense("\"weight\": [[1, 2], [3, 4]], \"bias\": [0]")),
            "layer 0 (dense): bias has 1 values, expected out = 2"),
        Arguments.of(net(dense("\"bias\": [0, 0]")), "layer 0 (dense): weight is missing"),
        Arguments.of(
            net(dense("\"weight\": [[1, 2], [3, NaN]], \"bias\": [0, 0]")),
            "layer 0 (dense): weight[1][1] must be a finite number, found NaN"),
        Arguments.of(
            net(dense("\"weight\": [[1, 2], [3, 4]], \"bias\": [0, 1e400]")),
            "layer 0 (dense): bias[1] must be a finite number, found Infinity"),
        Arguments.of(
            net(dense("\"weight\": [[1, \"2\"], [3, 4]], \"bias\": [0, 0]")),
            "layer 0 (dense): weight[0][1] must be a number, found \"2\""),
        Arguments.of(
            net(dense("\"weight\": [1, 2], \"bias\": [0, 0]")),
            "layer 0 (dense): weight[0] must be an array of 2 numbers, found 1"),
        Arguments.of(
            net(ok, ok.replace("\"in\": 2", "\"in\": 3")),
            "layer 1 (dense): in is 3, expected 2 (the size of the output of layer 0 (dense)"),
        Arguments.of(
            net(ok.replace("\"out\": 2", "\"out\": 0")),
            "layer 0 (dense): out must be a positive integer, found 0"),
        Arguments.of(
            net(ok.replace("\"out\": 2", "\"out\": \"2\"")),
            "layer 0 (dense): out must be a positive integer, found \"2\""),
        Arguments.of(
            net(ok.replace("\"out\": 2, ", "")), "layer 0 (dense): out is missing"),
        Arguments.of(
            net(dense(W2 + ", \"wieght\": 1")),
            "layer 0 (dense): unknown field \"wieght\"; expected type, in, out, activation"),
        Arguments.of(
            "{\"input\": [4, 1, 1], \"layers\": [" + ok + "]}",
            "layer 0 (dense): in is 2, expected 4 (the size of the network input [4])"),
        Arguments.of(
            "{\"input\": [2, 1], \"layers\": [" + ok + "]}",
            "model JSON: input must be [channels, height, width], found [2,1]"),
        Arguments.of(
            net("{\"type\": \"flatten\"}"),
            "\"input\" is missing and cannot be inferred: layer 0 is \"flatten\""),
        Arguments.of(
            "{\"input\": [1, 2, 2], \"layers\": [{\"type\": \"flatten\", \"activation\":"
                + " \"tanh\"}]}",
            "layer 0 (flatten): unknown field \"activation\"; expected type"),
        Arguments.of(
            "{\"input\": [1, 2, 2], \"layers\": [{\"type\": \"avgpool\", \"size\": 3}]}",
            "layer 0 (avgpool): avgpool.size must be between 1 and the input's height and width"),
        Arguments.of(
            net(
                "{\"type\": \"conv2d\", \"in\": [1, 3, 3], \"out\": 1, \"kernel\": [2, 2],"
                    + " \"activation\": \"tanh\", \"weight\": [[[[1, 2], [3, 4], [5, 6]]]],"
                    + " \"bias\": [0]}"),
            "layer 0 (conv2d): weight[0][0] has 3 rows, expected kernel height = 2"),
        Arguments.of(
            net(
                "{\"type\": \"conv2d\", \"in\": [1, 3, 3], \"out\": 1, \"kernel\": [4, 2],"
                    + " \"activation\": \"tanh\", \"weight\": [], \"bias\": [0]}"),
            "layer 0 (conv2d): conv2d kernel 4x2 must be at least 1x1 and fit the input"),
        Arguments.of(
            net(
                "{\"type\": \"conv2d\", \"in\": [1, 3, 3], \"out\": 1, \"kernel\": 2,"
                    + " \"activation\": \"tanh\", \"weight\": [], \"bias\": [0]}"),
            "layer 0 (conv2d): kernel must be [height, width], found 2"),
        Arguments.of(
            "{\"input\": [2, 3, 3], \"layers\": [{\"type\": \"conv2d\", \"in\": [1, 3, 3],"
                + " \"out\": 1, \"kernel\": [2, 2], \"activation\": \"tanh\"}]}",
            "layer 0 (conv2d): in is [1, 3, 3], expected [2, 3, 3] (the shape of the network"
                + " input)"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"deleted\": [6]}}",
            "mask.deleted[0] is 6, expected a parameter index in 0..5"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"deleted\": [-1]}}",
            "mask.deleted[0] is -1, expected a parameter index in 0..5"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"deleted\": [\"a\"]}}",
            "mask.deleted[0] must be an integer (a parameter index in 0..5), found \"a\""),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"deleted\": [4.0]}}",
            "mask.deleted[0] must be an integer (a parameter index in 0..5), found 4.0"),
        Arguments.of(
            "{\"layers\": [" + ok.replace("\"tanh\"", "\"" + "t".repeat(5_000_000) + "\"") + "]}",
            "layer 0 (dense): unknown activation \"" + "t".repeat(60) + "…\"; expected one of"),
        Arguments.of(
            "{\"layers\": [" + dense("\"weight\": [[0, 0], [3, 4]], \"bias\": [0, 0]")
                + "], \"mask\": {\"deleted\": [0, 0]}}",
            "mask.deleted[1] repeats parameter index 0"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"deleted\": [0, 3]}}",
            "model JSON: layer 0 (dense): weight[0][0] is deleted by the mask (index 0) but its"
                + " value is 1.0, expected 0"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": {\"gone\": []}}",
            "mask: unknown field \"gone\"; expected deleted"),
        Arguments.of("{\"layers\": [" + ok + "], \"mask\": {}}", "mask.deleted is missing"),
        Arguments.of(
            "{\"layers\": [" + ok + "], \"mask\": [1]}",
            "mask must be an object {\"deleted\": [indices]}"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void errorsNameTheLayerFieldAndExpectation(String json, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelJson.parse(json));
    assertTrue(
        e.getMessage().contains(expected),
        "message\n  " + e.getMessage() + "\nshould contain\n  " + expected);
    assertTrue(e.getMessage().startsWith("model JSON: "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
  }

  @Test
  void fileErrorsNameTheFile() throws IOException {
    Path file = dir.resolve("broken.json");
    Files.write(file, "{\"layers\": 3}".getBytes(StandardCharsets.UTF_8));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelJson.read(file));
    assertEquals(file + ": layers must be a non-empty array, found 3", e.getMessage());
    assertThrows(NoSuchFileException.class, () -> ModelJson.read(dir.resolve("missing.json")));
  }
}
