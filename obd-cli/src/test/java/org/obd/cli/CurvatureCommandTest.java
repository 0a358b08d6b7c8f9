package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.obd.train.data.CsvData;
import org.obd.testkit.Tolerances;
import org.obd.train.data.CsvTargets;
import picocli.CommandLine;

class CurvatureCommandTest {

  @TempDir Path dir;

  private Path denseModel;
  private Path convModel;
  private Path labels;
  private Path values;

  Cli.Run run(String... args) throws IOException {
    return Cli.run(dir, args);
  }

  private static double[] params(Network net, Random r) {
    double[] t = new double[net.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 0.7 * r.nextGaussian();
    }
    return t;
  }

  @BeforeEach
  void files() throws IOException {
    Random r = new Random(42);
    Network dense =
        Network.builder(Shape.flat(4))
            .dense(3, Activation.TANH)
            .dense(2, Activation.IDENTITY)
            .build();
    Model dm = new Model(dense, params(dense, r)).withMask(Mask.of(dense.parameterCount(), 1, 7));
    denseModel = dir.resolve("dense.json");
    ModelJson.write(dm, denseModel);

    Network conv =
        Network.builder(new Shape(1, 4, 4))
            .conv2d(2, 3, 3, 1, Activation.SCALED_TANH)
            .avgpool(2, Activation.IDENTITY)
            .flatten()
            .dense(2, Activation.SIGMOID)
            .build();
    convModel = dir.resolve("conv.json");
    ModelJson.write(new Model(conv, params(conv, r)), convModel);

    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < 7; n++) {
      for (int j = 0; j < 4; j++) {
        a.append(r.nextGaussian()).append(',');
      }
      a.append(n % 2).append('\n');
      for (int j = 0; j < 16; j++) {
        b.append(r.nextGaussian()).append(',');
      }
      b.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append('\n');
    }
    labels = dir.resolve("labels.csv");
    Files.writeString(labels, a);
    values = dir.resolve("values.csv");
    Files.writeString(values, b);
  }

  private static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).doubleValue();
    }
    return v;
  }

  @Test
  void gradientEqualsTheObjectivesGradient() throws IOException {
    Cli.Run run =
        run("curvature", "--model", denseModel.toString(), "--data", labels.toString(),
            "--loss", "softmax-cross-entropy", "--method", "gradient");
    assertEquals("", run.err());
    assertEquals(0, run.code());
    JsonNode json = new JsonMapper().readTree(run.out());

    Model m = ModelJson.read(denseModel);
    Dataset d = CsvData.read(labels, CsvTargets.classLabel(2));
    double[] g = new double[m.network().parameterCount()];
    double e =
        new Objective(m.network(), Loss.SOFTMAX_CROSS_ENTROPY)
            .gradient(m.parameters(), m.mask(), d, g);

    assertEquals("gradient", json.get("method").asText());
    assertEquals("softmax-cross-entropy", json.get("loss").asText());
    assertEquals(7, json.get("samples").asInt());
    assertEquals(e, json.get("objective").doubleValue(), 0.0, "objective, bit for bit");
    assertArrayEquals(g, doubles(json.get("values")), 0.0, "gradient, bit for bit");
    assertEquals(0.0, g[1], 0.0, "a deleted parameter has no gradient");
    List<String> names = new ArrayList<>();
    json.get("parameters").forEach(n -> names.add(n.asText()));
    assertEquals(m.network().parameterNames(), names);
    assertFalse(json.has("probes"), "the gradient has no probe options");
  }

  @Test
  void exactEqualsTheHessianDiagonalByProductsUpToRounding() throws IOException {
    Path out = dir.resolve("exact.json");
    Cli.Run run =
        run("curvature", "--model", convModel.toString(), "--data", values.toString(),
            "--targets", "2", "--loss", "mse", "--method", "exact", "--batch-size", "3",
            "--out", out.toString());
    assertEquals("", run.err());
    assertEquals(0, run.code());
    assertEquals("", run.out(), "with --out nothing goes to stdout");
    JsonNode json = new JsonMapper().readTree(out.toFile());

    Model m = ModelJson.read(convModel);
    Dataset d = CsvData.read(values, CsvTargets.values(2));
    Objective obj = new Objective(m.network(), Loss.MSE, 3, true);
    double[] h = obj.hessianDiagonalByProducts(m.parameters(), m.mask(), d);
    assertEquals("exact", json.get("method").asText());
    // exact is the per-sample factor pass: the same numbers summed in another order
    Tolerances.ROUNDING.assertClose("exact diagonal", h, doubles(json.get("values")));
    assertEquals(obj.value(m, d), json.get("objective").doubleValue(), 1e-15);
    assertEquals(m.network().parameterCount(), json.get("parameters").size());
    assertEquals(16, json.get("probes").asInt());
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().contains(".tmp")),
          "no temporary file is left behind");
    }
  }

  /** A batch size far beyond the 7 samples runs as one batch of them: same output, no OOM. */
  @Test
  void aHugeBatchSizeIsCappedAtTheDataAndChangesNothing() throws IOException {
    for (String method : new String[] {"gradient", "exact", "fisher"}) {
      String[] args = {
        "curvature", "--model", denseModel.toString(), "--data", labels.toString(), "--loss",
        "softmax-cross-entropy", "--method", method
      };
      Cli.Run plain = run(args);
      assertEquals(0, plain.code(), plain.err());
      for (String size : new String[] {"7", "20000000", "2147483647"}) {
        String[] big = java.util.Arrays.copyOf(args, args.length + 2);
        big[args.length] = "--batch-size";
        big[args.length + 1] = size;
        Cli.Run r = run(big);
        assertEquals("", r.err());
        assertEquals(0, r.code());
        assertEquals(plain.out(), r.out(), method + " with --batch-size " + size);
      }
    }
    Cli.Run score =
        run("score", "--model", denseModel.toString(), "--data", labels.toString(), "--loss",
            "mse", "--saliency", "obd", "--batch-size", "20000000");
    assertEquals(0, score.code(), score.err());
  }

  @Test
  void helpListsTheCommandsAndVersionPrintsIt() throws IOException {
    Cli.Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Commands:"), help.out());
    assertTrue(help.out().contains("curvature"), help.out());
    Cli.Run version = run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("obd " + org.obd.core.Version.obd()), version.out());
    assertFalse(version.out().contains("${"), "the version resource is filtered");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(List.of("--data", "short.csv"), "short.csv line 2: 4 columns, expected 5"),
        Arguments.of(
            List.of("--data", "narrow.csv"),
            "narrow.csv: rows have 3 input values before the class label, but the model expects 4"
                + " inputs"),
        Arguments.of(List.of("--data", "nan.csv"), "nan.csv line 1, column 2: value 'NaN' is not"
            + " finite"),
        Arguments.of(List.of("--data", "label.csv"), "label.csv line 1, column 5: label 2 is out"
            + " of range; expected a class index in 0..1"),
        Arguments.of(
            List.of("--method", "hutchinsn"),
            "Invalid value for option '--method': unknown method 'hutchinsn'; expected gradient,"
                + " exact"),
        Arguments.of(
            List.of("--loss", "cross-entropy"),
            "Invalid value for option '--loss': unknown loss 'cross-entropy'; expected one of mse,"
                + " softmax-cross-entropy"),
        Arguments.of(List.of("--model", "nothere.json"), "model file {dir}/nothere.json does not exist"),
        Arguments.of(List.of("--data", "nothere.csv"), "data file {dir}/nothere.csv does not exist"),
        Arguments.of(
            List.of("--model", "broken.json"),
            "broken.json: line 1, column 13: unexpected '}'; expected ']' to close the array"
                + " (opened at line 1, column 12)"),
        Arguments.of(
            List.of("--model", "shapes.json"),
            "shapes.json: layer 0 (dense): weight has 1 rows, expected out = 2"),
        Arguments.of(
            List.of("--targets", "3"),
            "--targets: 3 target values per row do not fit the model, which has 2 outputs"),
        Arguments.of(
            List.of("--probes", "0"), "Invalid value for option '--probes': must be 1 or greater"),
        Arguments.of(List.of("--seed", "x"), "Invalid value for option '--seed'"),
        Arguments.of(List.of("--bogus"), "Unknown option: '--bogus'"),
        Arguments.of(List.of("--out", "no/such/dir/x.json"), "cannot write {dir}/no/such/dir/x.json:"
            + " directory {dir}/no/such/dir does not exist"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputGivesOneLineAndExitStatus2(List<String> change, String expectedText)
      throws IOException {
    String expected = expectedText.replace("{dir}", dir.toString());
    Files.writeString(dir.resolve("short.csv"), "1,2,3,4,0\n1,2,3,1\n");
    Files.writeString(dir.resolve("narrow.csv"), "1,2,3,0\n");
    Files.writeString(dir.resolve("nan.csv"), "1,NaN,3,4,0\n");
    Files.writeString(dir.resolve("label.csv"), "1,2,3,4,2\n");
    Files.writeString(dir.resolve("broken.json"), "{\"layers\": [}");
    Files.writeString(
        dir.resolve("shapes.json"),
        "{\"layers\": [{\"type\": \"dense\", \"in\": 4, \"out\": 2, \"activation\": \"tanh\","
            + " \"weight\": [[1, 2, 3, 4]], \"bias\": [0, 0]}]}");
    List<String> args =
        new ArrayList<>(
            List.of("curvature", "--model", denseModel.toString(), "--data", labels.toString(),
                "--loss", "mse", "--method", "gradient"));
    for (int i = 0; i < change.size(); i++) {
      String option = change.get(i);
      String value = i + 1 < change.size() ? change.get(++i) : null;
      int at = args.indexOf(option);
      if (value != null && (value.endsWith(".csv") || value.endsWith(".json"))) {
        value = dir.resolve(value).toString();
      }
      if (at >= 0) {
        args.set(at + 1, value);
      } else {
        args.add(option);
        if (value != null) {
          args.add(value);
        }
      }
    }
    Cli.Run run = run(args.toArray(String[]::new));
    assertEquals(2, run.code(), run.err());
    assertEquals("", run.out());
    String err = run.err();
    assertTrue(err.startsWith("obd: "), err);
    assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, "one line: " + err);
    assertTrue(err.contains(expected), "stderr\n  " + err + "should contain\n  " + expected);
    assertFalse(err.contains("Exception"), err);
    assertFalse(err.contains("\tat "), err);
  }

  @Test
  void missingRequiredOptionsAndMissingCommandAreUsageErrors() throws IOException {
    Cli.Run none = run();
    assertEquals(2, none.code());
    assertEquals(
        "obd: missing command; expected one of "
            + String.join(", ", Main.commandLine().getSubcommands().keySet())
            + " (see 'obd --help')\n",
        none.err());
    assertTrue(none.err().contains("curvature, "), none.err());
    Cli.Run missing = run("curvature", "--model", denseModel.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("obd: Missing required options: "), missing.err());
    assertTrue(missing.err().endsWith("(see 'obd curvature --help')\n"), missing.err());
  }
}
