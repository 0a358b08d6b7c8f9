package org.obd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.obd.cli.CurvatureBackend;
import org.obd.cli.CurvatureCommand;
import org.obd.cli.Main;
import org.obd.core.Activation;
import org.obd.core.Curvature;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.L2;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import picocli.CommandLine;

/**
 * Data-parallel curvature on {@code local[2]} equals the single-machine result to rounding, for
 * the objective, the gradient and every Hessian-diagonal method; {@code obd curvature --master}
 * prints the same JSON as {@code obd curvature}.
 */
@Tag("spark")
class SparkCurvatureTest {

  static void assertClose(double[] expected, double[] actual, String what) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      assertTrue(Math.abs(expected[k] - actual[k]) <= 1e-12 * scale,
          what + " at " + k + ": " + expected[k] + " vs " + actual[k]);
    }
  }

  @Test
  void partsAddUpToTheLocalResultForEveryMethod() {
    Random r = new Random(9);
    Network net = Network.builder(Shape.flat(5)).dense(7, Activation.TANH).dense(3, Activation.IDENTITY).build();
    int n = 101;
    double[][] x = new double[n][5];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) {
        x[i][j] = r.nextGaussian();
      }
      labels[i] = r.nextInt(3);
    }
    Dataset d = Dataset.classification(x, labels, 3);
    double[] theta = new double[net.parameterCount()];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = 0.5 * r.nextGaussian();
    }
    Model m = new Model(net, theta);
    Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
    SparkCurvature spark = new SparkCurvature(SparkTests.context());
    Curvature local = new Curvature(new Objective(net, loss, 16, false), m, d);
    List<String> methods = new ArrayList<>(HessianDiagonal.names());
    methods.add(null); // the gradient
    for (String method : methods) {
      CurvatureBackend.Result res = spark.compute("ignored", 4, m, d, loss, 16, method, 5, 3L);
      assertEquals(local.value(), res.objective(), 1e-12 * Math.abs(local.value()));
      double[] expected = method == null ? local.gradient()
          : local.diagonal(SparkCurvature.diagonal(method, 5), 3L);
      assertClose(expected, res.values(), String.valueOf(method));
    }
    assertEquals(L2.NONE, new Objective(net, loss).l2());
  }

  @Test
  void curvatureCommandWithMasterPrintsTheLocalJson() throws Exception {
    String[] args = {"curvature", "--model", path("xor-model.json"), "--data", path("xor.csv"),
        "--loss", "softmax-cross-entropy", "--method", "exact"};
    JsonNode local = run(new CurvatureCommand(), args, null);
    JsonNode spark = run(new CurvatureCommand(new SparkCurvature(SparkTests.context())), args,
        "local[2]");
    assertEquals("local[2]", spark.get("master").asText());
    assertEquals(local.get("objective").asDouble(), spark.get("objective").asDouble(),
        1e-12 * Math.abs(local.get("objective").asDouble()));
    assertEquals(local.get("parameters"), spark.get("parameters"));
    for (int k = 0; k < local.get("values").size(); k++) {
      double e = local.get("values").get(k).asDouble();
      assertEquals(e, spark.get("values").get(k).asDouble(), 1e-12 * Math.max(1, Math.abs(e)));
    }
  }

  @Test
  void masterWithoutObdSparkIsAnError() throws Exception {
    CommandLine cmd = Main.withErrors(new CommandLine(new CurvatureCommand()));
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    int status = cmd.execute("--model", path("xor-model.json"), "--data", path("xor.csv"),
        "--loss", "softmax-cross-entropy", "--method", "exact", "--master", "local[2]");
    assertEquals(2, status);
    assertTrue(err.toString().contains("--master") && err.toString().contains("obd-spark"),
        err.toString());
  }

  private static String path(String example) {
    return Path.of("..", "examples", example).toString();
  }

  private static JsonNode run(CurvatureCommand command, String[] args, String master)
      throws Exception {
    CommandLine top = new CommandLine(new SparkMain());
    top.addSubcommand("curvature", command);
    Main.withErrors(top);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    top.setOut(new PrintWriter(out, true));
    top.setErr(new PrintWriter(err, true));
    String[] all = master == null ? args : java.util.stream.Stream.concat(
        java.util.Arrays.stream(args), java.util.stream.Stream.of("--master", master,
            "--partitions", "3")).toArray(String[]::new);
    assertEquals(0, top.execute(all), err.toString());
    return new ObjectMapper().readTree(out.toString());
  }
}
