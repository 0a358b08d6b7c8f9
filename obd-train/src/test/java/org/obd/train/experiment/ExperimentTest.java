package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.train.config.YamlConfig;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;

class ExperimentTest {

  static final Path EXAMPLES = Path.of("..", "examples");

  /** A small digits experiment that checkpoints every epoch. */
  static final String SMALL =
      """
      name: small
      seed: 3
      data: {limit: 400}
      model:
        layers:
          - {type: conv2d, out: 3, kernel: 3, activation: tanh}
          - {type: avgpool, size: 2, activation: tanh}
          - {type: flatten}
          - {type: dense, out: 10}
      training:
        optimizer: {name: adam, options: {learning-rate: 0.02}}
        epochs: 4
        checkpoint-every: 1
      pruning:
        strategies: [{name: obd}, {name: magnitude}]
        step: {fraction: 0.3}
        target: 0.6
        retraining: {optimizer: {name: sgd, options: {learning-rate: 0.05}}, epochs: 2,
                     checkpoint-every: 1}
      """;

  /**
   * A tiny IDX pair of 28×28 images with labels 0..9: noise, plus a bright band of rows that
   * depends on the label, so that there is something to learn (a strategy such as
   * description-length finds no evidence maximum on pure noise).
   */
  static void writeIdx(Path images, Path labels, int n) throws IOException {
    SplittableRandom r = new SplittableRandom(9);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(images))) {
      o.write(new byte[] {0, 0, 8, 3, 0, 0, (byte) (n >> 8), (byte) n, 0, 0, 0, 28, 0, 0, 0, 28});
      byte[] px = new byte[n * 784];
      for (int i = 0; i < px.length; i++) {
        int row = (i % 784) / 28;
        int label = (i / 784) % 10;
        px[i] = (byte) (row / 2 - 2 == label ? 200 + r.nextInt(56) : r.nextInt(100));
      }
      o.write(px);
    }
    try (OutputStream o = Files.newOutputStream(labels)) {
      o.write(new byte[] {0, 0, 8, 1, 0, 0, (byte) (n >> 8), (byte) n});
      for (int i = 0; i < n; i++) {
        o.write(i % 10);
      }
    }
  }

  /** Every shipped example loads and runs, made tiny by overrides. */
  @Test
  void everyExampleLoadsAndRunsTiny(@TempDir Path tmp) throws IOException {
    List<Path> examples;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      examples = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(examples.size() >= 5, "examples: " + examples);
    writeIdx(tmp.resolve("images.gz"), tmp.resolve("labels"), 300);
    for (Path example : examples) {
      String text = Files.readString(example);
      List<String> set = new ArrayList<>(List.of("training.epochs=2", "pruning.max-steps=2"));
      if (text.contains("retraining:")) {
        set.add("pruning.retraining.epochs=1");
      }
      if (text.contains("source: csv")) {
        set.add("data.path=../examples/xor.csv");
      } else if (text.contains("source: idx")) {
        set.add("data.images=" + tmp.resolve("images.gz"));
        set.add("data.labels=" + tmp.resolve("labels"));
        // trained further than the others: two iterations on these images leave a network whose
        // evidence (description-length) has no maximum over the prior precision
        set.set(0, "training.epochs=30");
      } else {
        set.add("data.limit=300");
      }
      Experiment e = Experiment.fromYaml(example, set);
      Path dir = tmp.resolve(e.config().name());
      ExperimentResult r = e.run(dir, ExperimentListener.NONE);
      String what = example.getFileName().toString();
      int strategies = e.config().pruning().strategies().size();
      int modes = e.config().pruning().retrain().sequences().length;
      assertEquals(strategies * modes, r.sequences().size(), what);
      for (PruneLoop.Sequence s : r.sequences()) {
        assertEquals(0, s.records().get(0).step(), what);
        assertTrue(s.records().size() <= 3, what + ": at most two steps");
      }
      assertEquals(e.resolvedYaml(), Files.readString(dir.resolve("config.yaml")), what);
      assertEquals(
          e.config(),
          YamlConfig.read(e.resolvedYaml(), what, ExperimentConfig.class).value(),
          what + ": the resolved config reads back to the same config");
      List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
      assertEquals(String.join(",", Metrics.COLUMNS), csv.get(0), what);
      assertEquals(r.records().size() + 1, csv.size(), what);
      assertTrue(Files.exists(dir.resolve("metrics.json")), what);
      Model trained = ModelJson.read(dir.resolve("trained-model.json"));
      assertArrayEquals(r.training().model().parameters(), trained.parameters(), what);
      try (Stream<Path> s = Files.list(dir.resolve("models"))) {
        assertEquals(2 * r.sequences().size(), s.count(),
            what + ": one final model and its compact copy per sequence");
      }
    }
  }

  private static List<StepRecord> timeless(List<StepRecord> r) {
    return r.stream().map(StepRecord::withoutTime).toList();
  }

  /** A crash at any point, then the same command again: the same numbers as without a crash. */
  @Test
  void aRunInterruptedAnywhereResumesToTheSameNumbers(@TempDir Path tmp) throws IOException {
    Experiment e = Experiment.fromYaml(SMALL, "small.yaml", List.of());
    ExperimentResult whole = e.run(tmp.resolve("whole"), ExperimentListener.NONE);
    int events = 0;
    Path counted = tmp.resolve("counted");
    int[] count = new int[1];
    e.run(counted, new Counter(count, Integer.MAX_VALUE));
    events = count[0];
    assertTrue(events > 20, "training epochs, steps and retraining epochs: " + events);
    for (int crashAt : new int[] {2, 5, events / 3, events / 2, events - 3}) {
      Path dir = tmp.resolve("crash-" + crashAt);
      int[] c = new int[1];
      assertThrows(Crash.class, () -> e.run(dir, new Counter(c, crashAt)));
      ExperimentResult resumed = e.run(dir, ExperimentListener.NONE);
      assertEquals(timeless(whole.records()), timeless(resumed.records()), "crash at " + crashAt);
      assertArrayEquals(
          whole.training().model().parameters(), resumed.training().model().parameters());
      for (int i = 0; i < whole.sequences().size(); i++) {
        assertArrayEquals(
            whole.sequences().get(i).model().parameters(),
            resumed.sequences().get(i).model().parameters(), "crash at " + crashAt);
      }
      assertEquals(
          Files.readString(tmp.resolve("whole").resolve("trained-model.json")),
          Files.readString(dir.resolve("trained-model.json")));
    }
  }

  /**
   * A checkpoint as version 1 wrote it (one interrupted retraining, at the top level, belonging to
   * the last sequence begun) resumes to the same numbers.
   */
  @Test
  void aVersionOneCheckpointResumesToTheSameNumbers(@TempDir Path tmp) throws IOException {
    Experiment e = Experiment.fromYaml(SMALL, "small.yaml", List.of("output.workers=1"));
    ExperimentResult whole = e.run(tmp.resolve("whole"), ExperimentListener.NONE);
    int[] count = new int[1];
    e.run(tmp.resolve("counted"), new Counter(count, Integer.MAX_VALUE));
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (int crashAt = count[0] - 1; crashAt > 0; crashAt--) {
      Path dir = tmp.resolve("v1-" + crashAt);
      int at = crashAt;
      assertThrows(Crash.class, () -> e.run(dir, new Counter(new int[1], at)));
      Path file = dir.resolve(Checkpoint.FILE);
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
      com.fasterxml.jackson.databind.node.ArrayNode seqs =
          (com.fasterxml.jackson.databind.node.ArrayNode) root.get("sequences");
      while (seqs.size() > 0 && seqs.get(seqs.size() - 1).isNull()) {
        seqs.remove(seqs.size() - 1);
      }
      if (seqs.size() == 0 || !seqs.get(seqs.size() - 1).has("retraining")) {
        continue; // not in a retraining: try an earlier event
      }
      root.set("retraining",
          ((com.fasterxml.jackson.databind.node.ObjectNode) seqs.get(seqs.size() - 1))
              .remove("retraining"));
      root.put("version", 1);
      Files.writeString(file, json.writeValueAsString(root));
      ExperimentResult resumed = e.run(dir, ExperimentListener.NONE);
      assertEquals(timeless(whole.records()), timeless(resumed.records()), "crash at " + crashAt);
      return;
    }
    throw new AssertionError("no crash point fell in a retraining");
  }

  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Counts epochs and steps, and crashes at event {@code at}. */
  private record Counter(int[] count, int at) implements ExperimentListener {
    private void tick() {
      if (++count[0] == at) {
        throw new Crash();
      }
    }

    @Override
    public void trainingEpoch(org.obd.train.loop.EpochRecord r, int max, double seconds) {
      tick();
    }

    @Override
    public void retrainingEpoch(int step, org.obd.train.loop.EpochRecord r, int max,
        double seconds) {
      tick();
    }

    @Override
    public void step(StepRecord record) {
      tick();
    }
  }

  /**
   * Passes of 1,078 training rows run on both cores or one, and the prune sequences three at a
   * time or one after another: the numbers are the same.
   */
  @Test
  void threadsDoNotChangeTheNumbers(@TempDir Path tmp) {
    List<String> common =
        List.of("data.limit=1797", "training.epochs=2", "training.optimizer={name: lbfgs}",
            "pruning.max-steps=2", "pruning.retraining.epochs=1",
            "pruning.retraining.optimizer={name: lbfgs}");
    List<String> serial = new ArrayList<>(common);
    serial.add("output.parallel=false");
    serial.add("output.workers=1");
    common = new ArrayList<>(common);
    common.add("output.workers=3");
    ExperimentResult a =
        Experiment.fromYaml(SMALL, "small.yaml", common).run(tmp.resolve("a"),
            ExperimentListener.NONE);
    ExperimentResult b =
        Experiment.fromYaml(SMALL, "small.yaml", serial).run(tmp.resolve("b"),
            ExperimentListener.NONE);
    assertEquals(1078, a.data().train().size());
    assertEquals(timeless(a.records()), timeless(b.records()));
  }

  @Test
  void aDirectoryWithAnotherConfigsRunIsRefused(@TempDir Path tmp) {
    Path dir = tmp.resolve("run");
    Experiment.fromYaml(SMALL, "small.yaml", List.of("training.epochs=1", "pruning.max-steps=1"))
        .run(dir, ExperimentListener.NONE);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> Experiment.fromYaml(SMALL, "small.yaml",
                    List.of("training.epochs=2", "pruning.max-steps=1"))
                .run(dir, ExperimentListener.NONE));
    assertTrue(e.getMessage().startsWith(dir + " holds a run of another config"), e.getMessage());
  }

  /**
   * A directory holding a run's result files but no run (no config, no checkpoint: a copied or
   * half-cleaned folder) is refused before anything in it is written.
   */
  @Test
  void aDirectoryWithResultFilesButNoRunIsRefused(@TempDir Path tmp) throws IOException {
    for (String name : Experiment.RESULT_NAMES) {
      Path dir = tmp.resolve("run-" + name);
      Path file = dir.resolve(name);
      Files.createDirectories(dir);
      Files.writeString(file, "old");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class,
              () -> Experiment.fromYaml(SMALL, "small.yaml",
                      List.of("training.epochs=1", "pruning.max-steps=1"))
                  .run(dir, ExperimentListener.NONE));
      assertEquals(dir + " holds " + name + " but no run (no config.yaml); choose another output"
          + " directory, so that those files are not overwritten", e.getMessage());
      assertEquals("old", Files.readString(file), name);
      try (Stream<Path> s = Files.list(dir)) {
        assertEquals(List.of(file), s.toList(), name + ": nothing else written");
      }
    }
  }

  private static String error(String yaml, boolean run) {
    return assertThrows(IllegalArgumentException.class, () -> {
      Experiment e = Experiment.fromYaml(yaml, "e.yaml", List.of());
      if (run) {
        e.run(Path.of("target", "never"), ExperimentListener.NONE);
      }
    }).getMessage();
  }

  private static final String NET =
      "name: t\nmodel:\n  layers: [{type: flatten}, {type: dense, out: 10}]\n";

  @Test
  void badNamesAndOptionsNameTheKeyTheLineAndTheChoices() {
    assertEquals(
        "e.yaml line 5, column 26: training.optimizer: unknown key 'lerning-rate'; valid keys:"
            + " name, options",
        error(NET + "training:\n  optimizer: {name: sgd, lerning-rate: 0.1}\n", false));
    assertEquals(
        "e.yaml line 5, column 36: pruning.strategies[1].name: unknown saliency strategy 'obx';"
            + " available: description-length, magnitude, obd, obs, random, taylor",
        error(NET + "pruning:\n  strategies: [{name: obd}, {name: obx}]\n", false));
    assertEquals(
        "e.yaml line 5, column 46: pruning.strategies[0].options.hesian: saliency strategy 'obd':"
            + " unknown option 'hesian'; valid options: hessian, gradient-term, probes",
        error(NET + "pruning:\n  strategies: [{name: obd, options: {hesian: exact}}]\n", false));
    assertEquals(
        "e.yaml line 5, column 21: training.optimizer.name: unknown optimizer 'sgdd'; available:"
            + " sgd, sdlm, adam, lbfgs",
        error(NET + "training:\n  optimizer: {name: sgdd}\n", false));
    assertEquals(
        "e.yaml line 5, column 50: training.optimizer.options.learning-rat: optimizer 'sgd':"
            + " unknown option"
            + " 'learning-rat'; valid options: learning-rate, momentum, nesterov",
        error(NET + "training:\n  optimizer: {name: sgd, options: {learning-rat: 0.1}}\n", false));
    assertEquals(
        "e.yaml line 5, column 23: pruning.diagnostic-hessian: unknown Hessian-diagonal method"
            + " 'exakt'; available: exact, ggn, becker-lecun, becker-lecun-full, hutchinson, fisher",
        error(NET + "pruning:\n  diagnostic-hessian: exakt\n", false));
    assertTrue(
        error(NET + "pruning:\n  step: {fraction: 1.5}\n", false)
            .matches("e\\.yaml line 5, column \\d+: pruning\\.step: .*'fraction' must be in"
                + " \\(0, 1\\], found 1\\.5"));
    assertEquals(
        "e.yaml line 5, column 12: data.targets: plus-minus-one targets need the mse loss"
            + " (softmax-cross-entropy needs targets of 0 and 1); set model.loss: mse or"
            + " data.targets: one-hot",
        error(NET + "data:\n  targets: plus-minus-one\n", false));
    assertEquals(
        "e.yaml line 5, column 13: training.patience: needs a validation set, but"
            + " data.split.validation is 0; give it a fraction or unset patience",
        error(NET + "training:\n  patience: 3\ndata:\n  split: {train: 0.8, test: 0.2}\n",
            false));
    assertEquals(
        "e.yaml line 5, column 22: pruning.validation-budget: needs a validation set, but"
            + " data.split.validation is 0; give it a fraction or unset the budget",
        error(NET + "pruning:\n  validation-budget: 0.1\ndata:\n  split: {train: 1.0}\n",
            false));
    assertTrue(
        error(NET + "pruning:\n  target: 1.5\n", false)
            .startsWith("e.yaml line 5, column 11: pruning.target: must be in (0, 1], found 1.5"));
  }

  @Test
  void dataAndNetworksThatDoNotFitAreLocated() {
    assertEquals(
        "e.yaml line 4, column 5: model.layers[0]: conv2d kernel 9x9 must be at least 1x1 and fit"
            + " the input [1x8x8] (its input is [1x8x8])",
        error("name: t\nmodel:\n  layers:\n  - {type: conv2d, out: 2, kernel: 9}\n", true));
    assertEquals(
        "e.yaml line 3, column 29: model.layers[1]: the network has 7 outputs but the data have"
            + " 10 target values per sample (10 classes)",
        error("name: t\nmodel:\n  layers: [{type: flatten}, {type: dense, out: 7}]\n", true));
    assertTrue(
        error(NET + "pruning:\n  target: 0.999\n", true)
            .startsWith("e.yaml line 5, column 11: pruning.target: 0.999 is beyond what can be"
                + " deleted: 640 of the 650 parameters are eligible (biases are excluded; at"
                + " most 0.9846); lower the target or set pruning.step.include-biases: true"));
    assertEquals(
        "e.yaml line 6, column 9: data.path: no such file 'nope.csv'",
        error(NET + "data:\n  source: csv\n  path: nope.csv\n  classes: 10\n", true));
  }
}
