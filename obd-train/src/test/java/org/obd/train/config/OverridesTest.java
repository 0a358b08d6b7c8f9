package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.train.config.Samples.Experiment;

/** {@code key.path=value} overrides, as the command line's {@code --set}. */
class OverridesTest {

  private static final String HEAD = """
      name: x
      data: {path: d.csv}
      model: {layers: [2, 1]}
      """;

  private static Experiment read(String yaml, String... overrides) {
    return YamlConfig.read(yaml, "experiment.yaml", Experiment.class, List.of(overrides)).value();
  }

  private static ConfigException error(String yaml, String... overrides) {
    return assertThrows(ConfigException.class, () -> read(yaml, overrides));
  }

  /** A mapping whose constructor rejects a combination of its keys. */
  record Pair(Integer a, Integer b) {
    Pair {
      if ((a == null) == (b == null)) {
        throw new IllegalArgumentException("give exactly one of 'a' and 'b'");
      }
    }
  }

  /** A config holding one. */
  record Holder(Pair pair, String name) {}

  /**
   * A problem with a mapping as a whole is located at its key in the file; when an override set a
   * key below it, the message names the override too (the file's line alone would not show it).
   */
  @Test
  void aMappingsProblemNamesTheOverridesBelowIt() {
    String yaml = "name: x\npair: {a: 1}\n";
    ConfigException e = assertThrows(ConfigException.class,
        () -> YamlConfig.read(yaml, "h.yaml", Holder.class, List.of("pair.b=2", "name=y")));
    assertEquals(
        "h.yaml line 2, column 1: pair: give exactly one of 'a' and 'b' (with --set pair.b=2)",
        e.getMessage());
    // without an override below it, the file's position alone
    ConfigException plain = assertThrows(ConfigException.class,
        () -> YamlConfig.read("name: x\npair: {a: 1, b: 2}\n", "h.yaml", Holder.class, List.of()));
    assertEquals("h.yaml line 2, column 1: pair: give exactly one of 'a' and 'b'",
        plain.getMessage());
    // the whole mapping from an override: located there, nothing to add
    ConfigException whole = assertThrows(ConfigException.class,
        () -> YamlConfig.read(yaml, "h.yaml", Holder.class, List.of("pair={a: 1, b: 2}")));
    assertEquals("--set pair={a: 1, b: 2}: pair: give exactly one of 'a' and 'b'",
        whole.getMessage());
  }

  @Test
  void aScalarReplacesTheFilesValueAndNothingElse() {
    Experiment base = read(Samples.EXPERIMENT);
    Experiment e = read(Samples.EXPERIMENT, "training.epochs=5");
    assertEquals(5, e.training().epochs());
    assertEquals(base.training().batchSize(), e.training().batchSize());
    assertEquals(base.pruning(), e.pruning());
    assertEquals(base.data(), e.data());
  }

  @Test
  void listItemsByIndex() {
    Experiment e = read(Samples.EXPERIMENT, "pruning.strategies[0].name=obs",
        "pruning.strategies[1].options={p: 2}", "model.layers[2]=11");
    assertEquals("obs", e.pruning().strategies().get(0).name());
    assertEquals(Map.of("hessian", "exact"), e.pruning().strategies().get(0).options());
    assertEquals(Map.of("p", 2), e.pruning().strategies().get(1).options());
    assertEquals(List.of(784, 30, 11), e.model().layers());
  }

  @Test
  void flowListsAndMappingsReplaceTheWholeValue() {
    Experiment e = read(Samples.EXPERIMENT, "model.layers=[10, 5, 2]",
        "training.optimizer={name: adam, options: {beta1: 0.9}}");
    assertEquals(List.of(10, 5, 2), e.model().layers());
    assertEquals("adam", e.training().optimizer().name());
    assertEquals(Map.of("beta1", 0.9), e.training().optimizer().options());
  }

  @Test
  void freeFormKeysAndYamlScalars() {
    Experiment e = read(Samples.EXPERIMENT, "training.optimizer.options.momentum=0.5",
        "training.optimizer.options.dampening=1e-2", "training.optimizer.options.tag=a=b",
        "data.shuffle=false", "model.activation=relu");
    assertEquals(0.5, e.training().optimizer().options().get("momentum"));
    assertEquals(0.01, e.training().optimizer().options().get("dampening"));
    assertEquals("a=b", e.training().optimizer().options().get("tag"));
    assertEquals(1e-3, e.training().optimizer().options().get("learning-rate"));
    assertEquals(false, e.data().shuffle());
    assertEquals(Samples.Activation.RELU, e.model().activation());
  }

  @Test
  void mappingsTheFileLeftOutAreCreated() {
    Experiment e = read(HEAD, "training.epochs=5", "output.directory=out",
        "training.optimizer.options.learning-rate=0.1");
    assertEquals(5, e.training().epochs());
    assertEquals("out", e.output().directory());
    assertEquals(Map.of("learning-rate", 0.1), e.training().optimizer().options());
  }

  @Test
  void laterOverridesWinAndAnEmptyValueIsTheDefault() {
    assertEquals(6, read(HEAD, "training.epochs=5", "training.epochs=6").training().epochs());
    assertEquals(10, read(Samples.EXPERIMENT, "training.epochs=").training().epochs());
  }

  @Test
  void anIllTypedValueNamesTheOverride() {
    ConfigException e = error(Samples.EXPERIMENT, "training.epochs=ten");
    assertEquals(
        "--set training.epochs=ten: training.epochs: expected an integer, found 'ten'",
        e.getMessage());
    assertEquals("--set training.epochs=ten", e.source());
    assertEquals("training.epochs", e.key());
    assertEquals(0, e.line());
    assertEquals(
        "--set pruning.step.fraction=1.5: pruning.step.fraction: must be in (0, 1], found 1.5",
        error(Samples.EXPERIMENT, "pruning.step.fraction=1.5").getMessage());
  }

  @Test
  void unknownKeysNameTheValidOnes() {
    assertEquals(
        "--set training.lerning-rate=0.1: training: unknown key 'lerning-rate'; valid keys:"
            + " epochs, batch-size, optimizer, loss, weight-decay, patience",
        error(Samples.EXPERIMENT, "training.lerning-rate=0.1").getMessage());
    assertEquals(
        "--set trainig.epochs=5: unknown key 'trainig'; valid keys: name, seed, data, model,"
            + " training, pruning, output, plugins",
        error(Samples.EXPERIMENT, "trainig.epochs=5").getMessage());
  }

  @Test
  void pathsThatDoNotExist() {
    assertEquals(
        "--set pruning.strategies[5].name=obd: pruning.strategies: has no item [5]; the list has"
            + " 2 items, [0] to [1]",
        error(Samples.EXPERIMENT, "pruning.strategies[5].name=obd").getMessage());
    assertEquals(
        "--set pruning.strategies[0].name=obd: pruning.strategies: has no item [0]: expected a"
            + " list, found nothing",
        error(HEAD, "pruning.strategies[0].name=obd").getMessage());
    assertEquals(
        "--set training.epochs.max=3: training.epochs: has no key 'max': it is an integer",
        error(Samples.EXPERIMENT, "training.epochs.max=3").getMessage());
    assertEquals(
        "--set training.epochs[0]=3: training.epochs: has no item [0]: it is an integer",
        error(Samples.EXPERIMENT, "training.epochs[0]=3").getMessage());
    assertEquals(
        "--set model.layers.first=3: model.layers: has no key 'first': it is a list",
        error(Samples.EXPERIMENT, "model.layers.first=3").getMessage());
  }

  @Test
  void malformedOverrides() {
    assertEquals(
        "--set training.epochs: expected key=value, e.g. training.epochs=5",
        error(HEAD, "training.epochs").getMessage());
    assertEquals(
        "--set training..epochs=3: malformed key 'training..epochs'; write keys as a.b.c and"
            + " list items as a[0]",
        error(HEAD, "training..epochs=3").getMessage());
    assertEquals(
        "--set =3: malformed key ''; write keys as a.b.c and list items as a[0]",
        error(HEAD, "=3").getMessage());
    assertEquals(
        "--set model.layers[x]=3: malformed key 'model.layers[x]'; write keys as a.b.c and list"
            + " items as a[0]",
        error(HEAD, "model.layers[x]=3").getMessage());
    assertEquals(
        "--set model.layers=[1, 2: model.layers: malformed YAML: the list opened with '[' at"
            + " line 1, column 1 is not closed (expected ',' or ']', but got <stream end>)",
        error(HEAD, "model.layers=[1, 2").getMessage());
  }

  @Test
  void aMappingCreatedByAnOverrideReportsMissingKeysAtTheOverride() {
    assertEquals(
        "--set pruning.rounds=3: pruning: missing required key 'strategies'",
        error(HEAD, "pruning.rounds=3").getMessage());
  }

  @Test
  void segmentsOfKeyPaths() {
    assertEquals(List.of("a", "b", 2, "c"), Overrides.segments("a.b[2].c"));
    assertEquals(List.of("a", 0, 1), Overrides.segments("a[0][1]"));
    assertEquals(null, Overrides.segments("a[0]b"));
    assertEquals(null, Overrides.segments(".a"));
    assertEquals(null, Overrides.segments("a."));
    assertEquals(null, Overrides.segments("[0]"));
    assertEquals(null, Overrides.segments("a]b"));
  }
}
