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
}
