package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Objective;
import org.obd.core.Version;
import org.obd.train.data.Digits;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentListener;

/** {@code obd compare}, {@code obd init}, {@code obd version}, provenance and {@code --resume}. */
class ExperimentCommandsTest {

  @TempDir Path dir;

  /** The default experiment made tiny. */
  static final String[] TINY = {
    "--set", "data.limit=300", "--set", "training.epochs=2", "--set", "pruning.max-steps=2",
    "--set", "pruning.retraining.epochs=1", "-q"
  };

  static String[] args(String[] head, String[] tail, String... more) {
    List<String> a = new ArrayList<>(Arrays.asList(head));
    a.addAll(Arrays.asList(tail));
    a.addAll(Arrays.asList(more));
    return a.toArray(String[]::new);
  }

  private static void assertOneLineError(Cli.Run r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith(expected), r.err());
  }

  /** metrics.csv without its last column (seconds, not deterministic). */
  static List<String> metricsWithoutTime(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).stream()
        .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }

  private static List<String> rowsOf(List<String> metrics, String strategy) {
    return metrics.stream().filter(l -> l.startsWith(strategy + ",")).toList();
  }

  @Test
  void compareRunsTheNamedStrategiesEachSeededByItselfNotItsPosition() throws IOException {
    Path all = dir.resolve("all");
    Cli.Run r = Cli.run(dir, args(new String[] {"run", "--out", all.toString()}, TINY));
    assertEquals(0, r.code(), r.err());
    Path two = dir.resolve("two");
    Cli.Run c = Cli.run(dir, args(new String[] {"compare", "--saliency", "random, taylor",
        "--out", two.toString()}, TINY));
    assertEquals(0, c.code(), c.err());
    assertEquals("", c.err(), "--quiet");
    List<String> rows = c.out().lines().filter(l -> l.matches("(random|taylor) .*")).toList();
    assertEquals(4, rows.size(), c.out());
    assertTrue(rows.get(0).startsWith("random "), c.out());
    List<String> m = metricsWithoutTime(two);
    assertFalse(rowsOf(m, "random").isEmpty());
    assertEquals(rowsOf(metricsWithoutTime(all), "random"), rowsOf(m, "random"),
        "random prunes the same network the same way wherever it is listed");
    assertTrue(rowsOf(m, "obd").isEmpty());
    // the run drew its plots, one series per strategy, and report draws the same files again
    for (String plot : List.of("objective-without-retraining", "objective-with-retraining",
        "test-accuracy", "saliency-random", "saliency-taylor")) {
      java.awt.image.BufferedImage png =
          javax.imageio.ImageIO.read(two.resolve("plots/" + plot + ".png").toFile());
      assertEquals(800, png.getWidth(), plot);
      assertEquals(600, png.getHeight(), plot);
      String svg = Files.readString(two.resolve("plots/" + plot + ".svg"));
      assertTrue(svg.contains("<svg") && svg.contains("width=\"800"), plot);
      if (!plot.startsWith("saliency")) {
        for (String s : List.of("random", "taylor")) {
          assertTrue(svg.contains("\nseries: " + s + "\n"), plot + ": " + s);
        }
      }
    }
    Path plots = two.resolve("plots");
    List<String> before;
    try (var f = Files.list(plots)) {
      before = f.map(x -> x.getFileName().toString()).sorted().toList();
    }
    Cli.Run report = Cli.run(dir, "report", two.toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(report.out().startsWith("strategy "), report.out());
    try (var f = Files.list(plots)) {
      assertEquals(before, f.map(x -> x.getFileName().toString()).sorted().toList());
    }
    Path options = dir.resolve("options");
    Cli.Run o = Cli.run(dir, args(new String[] {"compare", "--saliency",
        "obd(hessian=exact),obd(hessian=becker-lecun gradient-term=true)", "--out",
        options.toString()}, TINY));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("obd(hessian=exact) "), o.out());
    assertTrue(o.out().contains("obd(hessian=becker-lecun gradient-term=true) "), o.out());
  }

  @Test
  void compareRejectsBadStrategyListsBeforeTraining() throws IOException {
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obx"),
        "obd: Invalid value for option '--saliency': unknown saliency strategy 'obx'; available:"
            + " description-length, magnitude, obd, obs, random, taylor");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd(hessian=exakt)"),
        "obd: Invalid value for option '--saliency': obd(hessian=exakt): saliency strategy 'obd':"
            + " option 'hessian' must be one of");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd(probes=3 probes=4)"),
        "obd: Invalid value for option '--saliency': 'obd(probes=3 probes=4)' gives probes twice");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd,,random"),
        "obd: Invalid value for option '--saliency': 'obd,,random' has an empty strategy name");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd(hessian=exact"),
        "obd: Invalid value for option '--saliency': 'obd(hessian=exact' has unbalanced");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd(hessian)"),
        "obd: Invalid value for option '--saliency': 'obd(hessian)': expected KEY=VALUE");
    assertOneLineError(Cli.run(dir, "compare", "--saliency", "obd,magnitude,obd"),
        "obd: Invalid value for option '--saliency': obd is listed twice");
    assertOneLineError(Cli.run(dir, "compare"),
        "obd: Missing required option: '--saliency=STRATEGY[,STRATEGY…]'");
  }

  @Test
  void initWritesACommentedExperimentThatRunsAndKeepsAnExistingFile() throws IOException {
    Path file = dir.resolve("e.yaml");
    Cli.Run r = Cli.run(dir, "init", file.toString());
    assertEquals(0, r.code(), r.err());
    String text = Files.readString(file);
    assertTrue(text.startsWith("# An obd experiment"), text);
    assertTrue(text.lines().filter(l -> l.contains("#")).count() > 20, "commented");
    Experiment e = Experiment.fromYaml(file,
        List.of("data.limit=200", "training.epochs=1", "pruning.max-steps=1",
            "pruning.retraining.epochs=1"));
    assertEquals("my-experiment", e.config().name());
    assertEquals(3, e.run(dir.resolve("run"), ExperimentListener.NONE).sequences().size() / 2);
    Files.writeString(file, "mine");
    assertOneLineError(Cli.run(dir, "init", file.toString()),
        "obd: " + file + " exists; give --force to replace it");
    assertEquals("mine", Files.readString(file));
    assertEquals(0, Cli.run(dir, "init", "--force", file.toString()).code());
    assertEquals(text, Files.readString(file));
    Cli.Run stdout = Cli.run(dir, "init", "-");
    assertEquals(text, stdout.out());
    assertOneLineError(Cli.run(dir, "init", dir.resolve("no/such/dir/e.yaml").toString()),
        "obd: cannot write " + dir.resolve("no/such/dir/e.yaml"));
    if (Files.isDirectory(Path.of("/proc/self"))) { // a place that takes no files
      assertOneLineError(Cli.run(dir, "init", "/proc/obd-experiment.yaml"),
          "obd: cannot write /proc/obd-experiment.yaml:");
    }
    Cli.Run device = Cli.run(dir, "init", "/dev/null");
    assertEquals(0, device.code(), "a device is written to: " + device.err());
  }

  @Test
  void versionNamesTheBuildJavaAndMachine() throws IOException {
    Cli.Run r = Cli.run(dir, "version");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(5, lines.size(), r.out());
    assertEquals("obd " + Version.obd(), lines.get(0));
    assertTrue(lines.get(1).matches("commit ([0-9a-f]{40}(-dirty)?|unknown .*)"), lines.get(1));
    assertEquals("Java " + Version.java(), lines.get(2));
    assertTrue(lines.get(3).startsWith("OS "), lines.get(3));
    assertEquals("products: " + Version.products(), lines.get(4));
    assertTrue(lines.get(4).startsWith("products: vector-api (")
        || lines.get(4).startsWith("products: plain Java ("), lines.get(4));
    Cli.Run v = Cli.run(dir, "--version");
    assertTrue(v.out().startsWith("obd " + Version.obd()), v.out());
  }

  @Test
  void aRunRecordsItsProvenance() throws IOException, Exception {
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run(dir, args(new String[] {"run", "--out", run.toString()}, TINY))
        .code());
    JsonNode p = new ObjectMapper().readTree(run.resolve("provenance.json").toFile());
    assertEquals(Version.obd(), p.get("obd").asText());
    assertEquals(Version.java(), p.get("java").asText());
    assertEquals(1, p.get("seed").asLong());
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    assertEquals(HexFormat.of().formatHex(md.digest(
        Files.readString(run.resolve("config.yaml")).getBytes(StandardCharsets.UTF_8))),
        p.get("config_hash").asText());
    assertEquals(64, p.get("data").get("bundled:optdigits-1797.csv.gz").asText().length());
    assertTrue(p.get("started").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), p.toString());
    for (String f : List.of("saliencies.csv", "trained-model.json", "checkpoint.json")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    // each final model has a compact copy with the same outputs
    for (String s : List.of("obd", "magnitude-retrained", "random")) {
      Model pruned = ModelJson.read(run.resolve("models/" + s + ".json"));
      Model compact = ModelJson.read(run.resolve("models/" + s + "-compact.json"));
      assertEquals(pruned.network().inputShape(), compact.network().inputShape());
      assertTrue(compact.network().parameterCount() <= pruned.network().parameterCount());
      Dataset data = Digits.load().range(0, 50);
      DMatrixRMaj a = new Objective(pruned.network(), Loss.MSE, 50, false)
          .outputs(pruned.parameters(), data);
      DMatrixRMaj b = new Objective(compact.network(), Loss.MSE, 50, false)
          .outputs(compact.parameters(), data);
      for (int i = 0; i < a.getNumElements(); i++) {
        assertEquals(a.get(i), b.get(i), 1e-12 * Math.max(1, Math.abs(a.get(i))), s);
      }
    }
  }

  @Test
  void resumeTakesOnlyARunDirectory() throws IOException {
    assertOneLineError(Cli.run(dir, "run", "--resume", dir.resolve("none").toString()),
        "obd: " + dir.resolve("none") + " does not exist; expected a run directory");
    assertOneLineError(Cli.run(dir, "run", "--resume", dir.toString()),
        "obd: " + dir + " is not a run directory: it holds no config.yaml");
    assertOneLineError(Cli.run(dir, "run", "--resume", dir.toString(), "--set", "seed=2"),
        "obd: Invalid value for option '--resume': continues a run with its own config");
  }

  @Test
  void anUnwritableRunDirectoryIsBadInput() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertOneLineError(
        Cli.run(dir, args(new String[] {"run", "--out", file.resolve("sub").toString()}, TINY)),
        "obd: cannot create the run directory " + file.resolve("sub") + ":");
  }

  @Test
  void dataThatDoNotLoadLeaveNoRunDirectory() throws IOException {
    Path out = dir.resolve("runs").resolve("bad-data");
    Path missing = dir.resolve("missing.csv");
    Cli.Run run =
        Cli.run(dir, args(new String[] {"run", "--out", out.toString(), "--set", "data.source=csv",
            "--set", "data.path=" + missing, "--set", "data.classes=2"}, TINY));
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains(missing.toString()), run.err());
    assertFalse(Files.exists(out), "the run directory was left behind: " + out);
    assertFalse(Files.exists(out.getParent()), "its parent was left behind");
  }

  @Test
  void anInterruptedRunLeavesACheckpointAndResumesToTheSameNumbers()
      throws IOException, InterruptedException {
    String[] config = {
      "--set", "data.limit=300", "--set", "training.epochs=3", "--set",
      "pruning.strategies=[{name: magnitude}]", "--set", "pruning.retrain=with", "--set",
      "pruning.target=0.6", "--set", "pruning.retraining.epochs=5"
    };
    Path whole = dir.resolve("whole");
    assertEquals(0,
        Cli.run(dir, args(new String[] {"run", "-q", "--out", whole.toString()}, config)).code());
    Path cut = dir.resolve("cut");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "run", "--out",
        cut.toString()));
    command.addAll(Arrays.asList(config));
    Path log = dir.resolve("cut.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    // interrupt once pruning has begun (a checkpoint holds a sequence)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && System.nanoTime() < deadline) {
      Path cp = cut.resolve("checkpoint.json");
      if (Files.exists(cp) && Files.readString(cp).contains("\"records\"")) {
        break;
      }
      Thread.sleep(20);
    }
    boolean interrupted = p.isAlive();
    p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C's SIGINT
    p.waitFor();
    if (interrupted) {
      assertTrue(Files.readString(log).contains(
          "obd: interrupted; " + cut + " holds the last checkpoint: continue with obd run"
              + " --resume " + cut), Files.readString(log));
      assertFalse(Files.exists(cut.resolve("metrics.csv")), "interrupted before the end");
    }
    try (var s = Files.list(cut)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().contains(".tmp-")),
          "no temporary file is left");
    }
    Cli.Run resumed = Cli.run(dir, "run", "-q", "--resume", cut.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(metricsWithoutTime(whole), metricsWithoutTime(cut));
    assertEquals(Files.readString(whole.resolve("saliencies.csv")),
        Files.readString(cut.resolve("saliencies.csv")));
    assertTrue(interrupted, "the run was interrupted while pruning");
  }
}
