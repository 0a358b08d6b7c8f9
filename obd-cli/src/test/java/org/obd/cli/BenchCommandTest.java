package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Activation;
import org.obd.core.Gemm;
import org.obd.core.HessianDiagonal;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;
import org.obd.core.Shape;

/** {@code obd bench}: one JSON line per method, ratios against the gradient; bad options. */
class BenchCommandTest {

  @TempDir Path dir;

  private Path model;
  private Path data;

  private void files() throws IOException {
    Random r = new Random(3);
    Network net = Network.builder(Shape.flat(3)).dense(4, Activation.TANH).dense(2, Activation.IDENTITY).build();
    double[] t = new double[net.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = r.nextGaussian();
    }
    model = dir.resolve("m.json");
    ModelJson.write(new Model(net, t), model);
    StringBuilder csv = new StringBuilder();
    for (int n = 0; n < 20; n++) {
      csv.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append(',')
          .append(r.nextGaussian()).append(',').append(n % 2).append('\n');
    }
    data = dir.resolve("d.csv");
    Files.writeString(data, csv);
  }

  @Test
  void printsOneLinePerMethodWithRatiosToTheGradient() throws IOException {
    files();
    Cli.Run run =
        Cli.run(dir, "bench", "--model", model.toString(), "--data", data.toString(), "--loss",
            "softmax-cross-entropy", "--runs", "3", "--warmup", "1");
    assertEquals(0, run.code(), run.err());
    JsonMapper json = new JsonMapper();
    List<String> methods = new ArrayList<>();
    for (String line : run.out().strip().split("\n")) {
      JsonNode node = json.readTree(line);
      methods.add(node.get("method").asText());
      assertTrue(node.get("median_ms").asDouble() >= 0, line);
      assertTrue(node.get("ratio").asDouble() >= 0, line);
      assertEquals(3, node.get("runs").asInt(), line);
      if (node.get("method").asText().equals("gradient")) {
        assertEquals(1.0, node.get("ratio").asDouble(), 0.0, line);
      }
    }
    List<String> expected = new ArrayList<>();
    expected.add("gradient");
    expected.addAll(HessianDiagonal.names());
    assertEquals(expected, methods);
  }

  @Test
  void productsTimesTheKernelAloneBesideEjml() throws IOException {
    Cli.Run run = Cli.run(dir, "bench", "--products", "--seconds", "0.01");
    assertEquals(0, run.code(), run.err());
    JsonMapper json = new JsonMapper();
    List<String> seen = new ArrayList<>();
    for (String line : run.out().strip().split("\n")) {
      JsonNode node = json.readTree(line);
      assertEquals("product", node.get("kind").asText(), line);
      assertTrue(node.get("gflops").asDouble() > 0, line);
      assertTrue(node.get("median_ms").asDouble() > 0, line);
      seen.add(node.get("backend").asText() + " " + node.get("m").asInt() + "x"
          + node.get("k").asInt() + "x" + node.get("n").asInt() + " " + node.get("threads"));
    }
    String kernel = Gemm.vectorized() ? "vector-api" : "plain-java";
    List<String> expected = new ArrayList<>();
    for (String size : List.of("256x256x256", "256x784x300", "1024x1024x1024")) {
      for (int t = 1; t <= Gemm.maxThreads(); t++) {
        expected.add(kernel + " " + size + " " + t);
      }
      expected.add("ejml " + size + " 1");
    }
    assertEquals(expected, seen);
    Cli.Run mixed = Cli.run(dir, "bench", "--products", "--network", "dense-64-30-10");
    assertEquals(2, mixed.code());
    assertTrue(mixed.err().contains("--products"), mixed.err());
  }

  @Test
  void unknownMethodIsOneLineNamingTheChoices() throws IOException {
    files();
    Cli.Run run =
        Cli.run(dir, "bench", "--model", model.toString(), "--data", data.toString(), "--loss",
            "mse", "--targets", "2", "--methods", "ggn,nope");
    assertEquals(2, run.code());
    assertEquals(1, run.err().strip().split("\n").length, run.err());
    assertTrue(run.err().contains("'nope'") && run.err().contains("becker-lecun"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void nonPositiveRunsAreRejected() throws IOException {
    files();
    Cli.Run run =
        Cli.run(dir, "bench", "--model", model.toString(), "--data", data.toString(), "--loss",
            "mse", "--targets", "2", "--runs", "0");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("--runs"), run.err());
  }

  @Test
  void anExperimentsNetworkDataAndLossAreTimed() throws IOException {
    String example = Path.of("..", "examples", "minimum.yaml").toString();
    Cli.Run run = Cli.run(dir, "bench", "--experiment", example, "--methods", "becker-lecun",
        "--runs", "1", "--warmup", "0");
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(lines.get(0).startsWith("{\"method\":\"gradient\","), run.out());
    assertTrue(lines.get(1).startsWith("{\"method\":\"becker-lecun\","), run.out());
    assertTrue(lines.get(1).endsWith(",\"samples\":1078}"), "the 60% training split");
    for (String line : lines) {
      JsonNode node = new JsonMapper().readTree(line);
      // a first, interpreted run of small products may round to 0.0 GFLOP/s
      assertTrue(node.get("gflops").asDouble() >= 0, line);
      assertTrue(node.get("products_gflops").asDouble() >= 0, line);
      assertTrue(node.get("peak_rss_mib").asDouble() > 0, line);
    }
    Cli.Run train = Cli.run(dir, "bench", "--experiment", example, "--train", "sgd",
        "--seconds", "0.05");
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().startsWith("{\"kind\":\"train\",\"experiment\":\"" + example
        + "\",\"optimizer\":\"sgd\","), train.out());
    Cli.Run limited = Cli.run(dir, "bench", "--experiment", example, "--set", "data.limit=500",
        "--methods", "fisher", "--runs", "1", "--warmup", "0");
    assertEquals(0, limited.code(), limited.err());
    assertTrue(limited.out().lines().allMatch(l -> l.endsWith(",\"samples\":300}")),
        limited.out());
    Cli.Run setAlone = Cli.run(dir, "bench", "--network", "dense-64-30-10", "--loss", "mse",
        "--set", "seed=2");
    assertEquals(2, setAlone.code());
    assertTrue(setAlone.err().startsWith("obd: Invalid value for option '--set': overrides an"
        + " experiment's keys; give --experiment"), setAlone.err());
    Cli.Run both = Cli.run(dir, "bench", "--experiment", example, "--loss", "mse");
    assertEquals(2, both.code());
    assertTrue(both.err().startsWith("obd: Invalid value for option '--experiment': takes the"
        + " network, data and loss from the experiment;"), both.err());
  }

  @Test
  void builtInNetworksNeedNoFiles() throws IOException {
    Cli.Run run =
        Cli.run(dir, "bench", "--network", "lenet-8x8", "--samples", "30", "--loss",
            "softmax-cross-entropy", "--methods", "exact,becker-lecun", "--runs", "1",
            "--warmup", "0");
    assertEquals(0, run.code(), run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals(3, lines.length, run.out());
    assertTrue(lines[1].contains("\"method\":\"exact\"") && lines[1].contains("\"samples\":30"),
        lines[1]);
  }

  @Test
  void withoutRunsAFastPassIsTimedForTheGivenSeconds() throws IOException {
    Cli.Run run =
        Cli.run(dir, "bench", "--network", "lenet-8x8", "--samples", "30", "--loss",
            "softmax-cross-entropy", "--methods", "becker-lecun", "--seconds", "0.2");
    assertEquals(0, run.code(), run.err());
    JsonMapper json = new JsonMapper();
    for (String line : run.out().strip().split("\n")) {
      JsonNode node = json.readTree(line);
      int runs = node.get("runs").asInt();
      double ms = node.get("median_ms").asDouble();
      // a pass of well under 10 ms timed for 0.2 s: many more runs than the minimum of 7, and
      // together (nearly) the seconds asked for
      assertTrue(runs > 7, line);
      assertTrue(runs * ms > 100, line);
    }
  }

  @Test
  void networkAndModelFilesExcludeEachOther() throws IOException {
    files();
    Cli.Run both =
        Cli.run(dir, "bench", "--network", "lenet-8x8", "--model", model.toString(), "--loss",
            "mse");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("either --network or --model"), both.err());
    Cli.Run neither = Cli.run(dir, "bench", "--loss", "mse");
    assertEquals(2, neither.code());
    assertTrue(neither.err().contains("give --model and --data, or --network"), neither.err());
    Cli.Run unknown = Cli.run(dir, "bench", "--network", "vgg", "--loss", "mse");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("'vgg'") && unknown.err().contains("lenet-16x16"),
        unknown.err());
  }

  @Test
  void trainPrintsOneLineOfThroughput() throws IOException {
    JsonMapper json = new JsonMapper();
    for (String optimizer : new String[] {"sgd", "sdlm", "adam"}) {
      Cli.Run run =
          Cli.run(dir, "bench", "--network", "dense-64-30-10", "--train", optimizer,
              "--batch-size", "4", "--seconds", "0.05");
      assertEquals(0, run.code(), run.err());
      String[] lines = run.out().strip().split("\n");
      assertEquals(1, lines.length, run.out());
      JsonNode node = json.readTree(lines[0]);
      assertEquals(
          List.of("kind", "network", "optimizer", "batch", "samples", "samples_per_s", "threads",
              "products_gflops", "peak_rss_mib"),
          fields(node), lines[0]);
      assertEquals("train", node.get("kind").asText());
      assertEquals("dense-64-30-10", node.get("network").asText());
      assertEquals(optimizer, node.get("optimizer").asText());
      assertEquals(4, node.get("batch").asInt());
      assertEquals(2000, node.get("samples").asInt());
      assertTrue(node.get("samples_per_s").asDouble() > 0, lines[0]);
      assertEquals(1, node.get("threads").asInt());
    }
  }

  @Test
  void trainOnFilesAndAGivenSampleCount() throws IOException {
    files();
    Cli.Run run =
        Cli.run(dir, "bench", "--model", model.toString(), "--data", data.toString(), "--train",
            "sgd", "--batch-size", "20", "--seconds", "0.02");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("\"batch\":20,\"samples\":20,"), run.out());
    Cli.Run small =
        Cli.run(dir, "bench", "--network", "lenet-8x8", "--samples", "30", "--train", "sgd",
            "--batch-size", "1", "--seconds", "0.02");
    assertEquals(0, small.code(), small.err());
    assertTrue(small.out().contains("\"samples\":30,"), small.out());
  }

  @Test
  void trainRejectsWhatDoesNotApply() throws IOException {
    Cli.Run unknown = Cli.run(dir, "bench", "--network", "dense-64-30-10", "--train", "sgdd");
    assertEquals(2, unknown.code());
    assertEquals(1, unknown.err().strip().split("\n").length, unknown.err());
    assertTrue(
        unknown.err().contains("--train") && unknown.err().contains("'sgdd'")
            && unknown.err().contains("sgd, sdlm, adam, lbfgs"),
        unknown.err());
    Cli.Run methods =
        Cli.run(dir, "bench", "--network", "dense-64-30-10", "--train", "sgd", "--methods",
            "exact");
    assertEquals(2, methods.code());
    assertTrue(methods.err().contains("'--methods'"), methods.err());
    Cli.Run seconds =
        Cli.run(dir, "bench", "--network", "dense-64-30-10", "--loss", "mse", "--seconds", "1",
            "--runs", "3");
    assertEquals(2, seconds.code());
    assertTrue(seconds.err().contains("'--seconds'") && seconds.err().contains("--runs"),
        seconds.err());
    Cli.Run negative =
        Cli.run(dir, "bench", "--network", "dense-64-30-10", "--loss", "mse", "--seconds", "-1");
    assertEquals(2, negative.code());
    assertTrue(negative.err().contains("'--seconds'") && negative.err().contains("-1"),
        negative.err());
    Cli.Run zero =
        Cli.run(dir, "bench", "--network", "dense-64-30-10", "--train", "sgd", "--seconds", "0");
    assertEquals(2, zero.code());
    assertTrue(zero.err().contains("'--seconds'"), zero.err());
    Cli.Run big =
        Cli.run(dir, "bench", "--network", "dense-64-30-10", "--samples", "10", "--train", "sgd",
            "--batch-size", "11");
    assertEquals(2, big.code());
    assertTrue(big.err().contains("'--batch-size'") && big.err().contains("10 samples"),
        big.err());
    Cli.Run noLoss = Cli.run(dir, "bench", "--network", "dense-64-30-10");
    assertEquals(2, noLoss.code());
    assertTrue(noLoss.err().contains("--loss"), noLoss.err());
  }

  @Test
  void helpDocumentsTrain() throws IOException {
    Cli.Run run = Cli.run(dir, "bench", "--help");
    assertEquals(0, run.code(), run.err());
    String help = run.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("--train=NAME") && help.contains("samples_per_s")
        && help.contains("sgd, sdlm, adam, lbfgs") && help.contains("--seconds=S")
        && help.contains("dense-784-300-100-10"), run.out());
  }

  /** The README shows the command and a line with the fields it prints. */
  @Test
  void theReadmeShowsTrainingThroughput() throws IOException {
    String readme =
        Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
    String command = "./obd bench --network dense-64-30-10 --train sgd --batch-size 1";
    assertTrue(readme.contains(command + "\n"), "README.md shows: " + command);
    String shown =
        readme.lines().filter(l -> l.startsWith("{\"kind\":\"train\"")).findFirst().orElse("");
    String[] args = command.substring("./obd ".length()).split(" ");
    List<String> withSeconds = new ArrayList<>(List.of(args));
    withSeconds.addAll(List.of("--seconds", "0.02"));
    Cli.Run run = Cli.run(dir, withSeconds.toArray(new String[0]));
    assertEquals(0, run.code(), run.err());
    JsonMapper json = new JsonMapper();
    JsonNode printed = json.readTree(run.out());
    assertEquals(fields(printed), fields(json.readTree(shown)), shown);
    for (String field : List.of("kind", "network", "optimizer", "batch", "samples", "threads")) {
      assertEquals(printed.get(field), json.readTree(shown).get(field), field);
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
