package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.ObdSaliency;
import org.obd.saliency.SaliencyContext;
import org.obd.train.data.CsvData;
import org.obd.train.data.CsvTargets;

/** {@code obd strategies} and {@code obd score}, run in process on the repository's XOR example. */
class ScoreCommandTest {

  private static final Path MODEL = Path.of("..", "examples", "xor-model.json");
  private static final Path DATA = Path.of("..", "examples", "xor.csv");

  @TempDir Path dir;

  Cli.Run run(String... args) throws IOException {
    return Cli.run(dir, args);
  }

  /** A usage error: exit 2, one line on stderr naming the problem, nothing else. */
  private static void assertOneLineError(Cli.Run r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(expected + "\n", r.err());
  }

  @Test
  void strategiesListsEveryStrategyCurvatureMethodAndOptimizerWithItsSummaryPluginsIncluded()
      throws IOException {
    Cli.Run r = run("strategies");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<String> sections = List.of(r.out().split("\n\n"));
    assertEquals(3, sections.size(), r.out());
    List<String> lines = sections.get(0).lines().toList();
    assertTrue(lines.get(0).startsWith("saliency strategies"), lines.get(0));
    assertEquals(
        List.of("description-length", "magnitude", "obd", "obs", "random", "taylor"),
        lines.stream().skip(1).map(l -> l.strip().split(" ")[0]).toList());
    assertTrue(lines.get(3).endsWith(ObdSaliency.DESCRIPTOR.summary()), lines.get(3));
    assertEquals(
        List.of("Hessian-diagonal", "exact", "ggn", "becker-lecun", "becker-lecun-full",
            "hutchinson", "fisher"),
        sections.get(1).lines().map(l -> l.strip().split(" ")[0]).toList());
    assertEquals(List.of("optimizers", "sgd", "sdlm", "adam", "lbfgs"),
        sections.get(2).lines().map(l -> l.strip().split(" ")[0]).toList());
    Cli.Run p = run("strategies", "--plugin", CliTestPlugin.class.getName());
    assertEquals(0, p.code(), p.err());
    assertTrue(
        p.out().lines().anyMatch(
            l -> l.startsWith("  parameter-index ")
                && l.endsWith(CliTestPlugin.DESCRIPTOR.summary())),
        p.out());
  }

  @Test
  void scoreWritesOneRowPerParameterWithDeletedOnesLeftEmpty() throws IOException {
    Cli.Run r =
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(),
            "--loss", "softmax-cross-entropy", "--saliency", "obd", "--option", "hessian=exact",
            "--option", "gradient-term=true");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Model m = ModelJson.read(MODEL);
    Dataset d = CsvData.read(DATA, CsvTargets.classLabel(2));
    double[] expected =
        ConfiguredStrategy.of(ObdSaliency.DESCRIPTOR, Map.of("hessian", "exact", "gradient-term", true))
            .scores(SaliencyContext.of(m, Loss.SOFTMAX_CROSS_ENTROPY, d, 0L));
    List<String> lines = r.out().lines().toList();
    assertEquals("index,name,value,score", lines.get(0));
    List<String> names = m.network().parameterNames();
    assertEquals(names.size() + 1, lines.size());
    for (int k = 0; k < names.size(); k++) {
      String[] f = lines.get(k + 1).split(",", -1);
      assertEquals(4, f.length, lines.get(k + 1));
      assertEquals(String.valueOf(k), f[0]);
      assertEquals(names.get(k), f[1]);
      assertEquals(Double.doubleToLongBits(m.parameter(k)), Double.doubleToLongBits(Double.parseDouble(f[2])));
      if (m.mask().isDeleted(k)) {
        assertEquals("", f[3], "deleted parameter " + k + " has no score");
      } else {
        assertEquals(
            Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(Double.parseDouble(f[3])),
            "score " + k + ", bit for bit");
      }
    }
    assertEquals("4,layer0.weight[2][0],0.0,", lines.get(5));
  }

  @Test
  void scoreWritesAtomicallyWithOutAndSeedsRandom() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    for (Path p : new Path[] {a, b}) {
      Cli.Run r =
          run("score", "--model", MODEL.toString(), "--data", DATA.toString(),
              "--loss", "mse", "--saliency", "random", "--seed", "7", "--out", p.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out(), "with --out nothing goes to stdout");
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same scores");
    Cli.Run plugin =
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(), "--loss", "mse",
            "--saliency", "parameter-index", "--plugin", CliTestPlugin.class.getName());
    assertEquals(0, plugin.code(), plugin.err());
    assertEquals("0,layer0.weight[0][0],2.5,0.0", plugin.out().lines().toList().get(1));
  }

  @Test
  void unknownStrategyIsAOneLineUsageError() throws IOException {
    assertOneLineError(
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(), "--loss", "mse",
            "--saliency", "obx"),
        "obd: Invalid value for option '--saliency': unknown saliency strategy 'obx'; available:"
            + " description-length, magnitude, obd, obs, random, taylor (see 'obd score --help')");
  }

  @Test
  void unknownOrIllTypedOptionIsAOneLineUsageError() throws IOException {
    assertOneLineError(
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(), "--loss", "mse",
            "--saliency", "obd", "--option", "gradient_term=true"),
        "obd: Invalid value for option '--option': saliency strategy 'obd': unknown option"
            + " 'gradient_term'; valid options: hessian, gradient-term, probes (see 'obd score"
            + " --help')");
    assertOneLineError(
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(), "--loss", "mse",
            "--saliency", "obs", "--option", "max-parameters=many"),
        "obd: Invalid value for option '--option': saliency strategy 'obs': option 'max-parameters' must"
            + " be an integer, found 'many' (see 'obd score --help')");
    assertOneLineError(
        run("strategies", "--plugin", "org.example.Missing"),
        "obd: Invalid value for option '--plugin': plugins: class 'org.example.Missing' was not"
            + " found on the class path (see 'obd strategies --help')");
  }

  @Test
  void aStrategyThatCannotScoreTheModelSaysWhyInOneLine() throws IOException {
    Cli.Run r =
        run("score", "--model", MODEL.toString(), "--data", DATA.toString(),
            "--loss", "mse", "--saliency", "obs", "--option", "max-parameters=5");
    assertEquals(2, r.code());
    assertEquals(
        "obd: obs: a dense Hessian over 16 remaining parameters is more than option"
            + " max-parameters = 5 allows; raise max-parameters (memory grows as m², time as m³)"
            + " or use obd\n",
        r.err());
  }
}
