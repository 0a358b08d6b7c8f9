package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.obd.saliency.PrunerConfig;
import org.obd.train.config.Samples.Experiment;

/** Unknown keys, ill-typed values, missing keys and range checks: one located message each. */
class ConfigErrorsTest {

  /** Lines 1-3 of every document below: the required keys. */
  private static final String HEAD = """
      name: x
      data: {path: d.csv}
      model: {layers: [2, 1]}
      """;

  private static ConfigException error(String yaml) {
    ConfigException e = assertThrows(
        ConfigException.class,
        () -> YamlConfig.read(yaml, "experiment.yaml", Experiment.class));
    assertFalse(e.getMessage().contains("org.obd"), e.getMessage()); // no class names
    assertFalse(e.getMessage().contains("Cannot"), e.getMessage()); // no Jackson text
    return e;
  }

  private static void assertError(String expected, String yaml) {
    assertEquals(expected, error(yaml).getMessage());
  }

  @Test
  void unknownKeyInANestedMappingNamesTheValidKeys() {
    ConfigException e = error(HEAD + """
        training:
          optimizer:
            name: sgd
            lerning-rate: 0.1
        """);
    assertEquals(
        "experiment.yaml line 7, column 5: training.optimizer: unknown key 'lerning-rate';"
            + " valid keys: name, options",
        e.getMessage());
    assertEquals("training.optimizer", e.key());
    assertEquals(7, e.line());
    assertEquals(5, e.column());
    assertEquals("experiment.yaml", e.source());
    assertEquals("unknown key 'lerning-rate'; valid keys: name, options", e.problem());
  }

  @Test
  void unknownKeyAtTheTopLevel() {
    assertError(
        "experiment.yaml line 4, column 1: unknown key 'trainig'; valid keys: name, seed, data,"
            + " model, training, pruning, output, plugins",
        HEAD + "trainig: {epochs: 3}\n");
  }

  @Test
  void unknownKeyInAListElement() {
    assertError(
        "experiment.yaml line 8, column 7: pruning.strategies[1]: unknown key 'wieght';"
            + " valid keys: name, options, weight",
        HEAD + """
            pruning:
              strategies:
                - name: obd
                - name: magnitude
                  wieght: 2
            """);
  }

  @Test
  void aWordWhereAnIntegerIsExpected() {
    ConfigException e = error(HEAD + "training:\n  epochs: ten\n");
    assertEquals(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found 'ten'",
        e.getMessage());
    assertEquals("training.epochs", e.key());
  }

  @Test
  void aFloatWhereAnIntegerIsExpected() {
    assertError(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found 2.5",
        HEAD + "training:\n  epochs: 2.5\n");
    assertError(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found 3.0",
        HEAD + "training:\n  epochs: 3.0\n");
    assertError(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found 1e3",
        HEAD + "training:\n  epochs: 1e3\n");
  }

  @Test
  void aQuotedNumberIsText() {
    assertError(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found '5'"
            + " (in quotes, so text; remove the quotes)",
        HEAD + "training:\n  epochs: '5'\n");
    assertError(
        "experiment.yaml line 5, column 17: training.weight-decay: expected a number,"
            + " found '1e-4' (in quotes, so text; remove the quotes)",
        HEAD + "training:\n  weight-decay: \"1e-4\"\n");
  }

  @Test
  void aNumberWhereTextIsExpected() {
    assertError(
        "experiment.yaml line 1, column 7: name: expected a string, found 1.10"
            + " (not text; put it in quotes)",
        "name: 1.10\ndata: {path: d.csv}\nmodel: {layers: [1]}\n");
  }

  @Test
  void aListWhereAMappingIsExpectedAndBack() {
    assertError(
        "experiment.yaml line 4, column 1: training: expected a mapping, found a list",
        HEAD + "training:\n  - epochs: 3\n");
    assertError(
        "experiment.yaml line 2, column 7: data: expected a mapping, found 'd.csv'",
        "name: x\ndata: d.csv\nmodel: {layers: [1]}\n");
    assertError(
        "experiment.yaml line 3, column 9: model.layers: expected a list, found a mapping",
        "name: x\ndata: {path: d.csv}\nmodel: {layers: {a: 1}}\n");
  }

  @Test
  void enumsBooleansAndRanges() {
    assertError(
        "experiment.yaml line 3, column 34: model.activation: expected one of tanh, relu,"
            + " logistic, soft-sign, found 'Tanh'",
        "name: x\ndata: {path: d.csv}\nmodel: {layers: [1], activation: Tanh}\n");
    assertError(
        "experiment.yaml line 2, column 30: data.shuffle: expected a boolean (true or false),"
            + " found 'yes'",
        "name: x\ndata: {path: d.csv, shuffle: yes}\nmodel: {layers: [1]}\n");
    assertError(
        "experiment.yaml line 2, column 30: data.classes: expected an integer from -2147483648"
            + " to 2147483647, found 3000000000",
        "name: x\ndata: {path: d.csv, classes: 3000000000}\nmodel: {layers: [1]}\n");
    assertError(
        "experiment.yaml line 3, column 21: model.layers[1]: expected an integer, found nothing",
        "name: x\ndata: {path: d.csv}\nmodel: {layers: [2, ~, 1]}\n");
  }

  @Test
  void missingRequiredKeyIsReportedAtItsMapping() {
    ConfigException e = error("""
        name: x
        data: {path: d.csv}
        model:
          activation: relu
        """);
    assertEquals(
        "experiment.yaml line 3, column 1: model: missing required key 'layers'", e.getMessage());
    assertEquals("model", e.key());
    assertEquals(3, e.line());
    assertEquals(1, e.column());
  }

  @Test
  void missingRequiredKeyAtTheTopAndInAListElement() {
    assertError(
        "experiment.yaml line 2, column 1: missing required key 'data'",
        "# an experiment\nname: x\nmodel: {layers: [1]}\n");
    assertError(
        "experiment.yaml line 6, column 7: pruning.strategies[0]: missing required key 'name'",
        HEAD + "pruning:\n  strategies:\n    - weight: 2\n");
  }

  @Test
  void requiredKeyWrittenWithoutValueIsPointedAt() {
    assertError(
        "experiment.yaml line 4, column 10: model.layers: expected a list, found nothing",
        "name: x\ndata: {path: d.csv}\nmodel:\n  layers:\n  activation: relu\n");
  }

  @Test
  void rangeCheckIsReportedAtTheValue() {
    ConfigException e = error(HEAD + """
        pruning:
          strategies: [{name: obd}]
          step:
            scope: global
            fraction: 1.5
        """);
    assertEquals(
        "experiment.yaml line 8, column 15: pruning.step.fraction: must be in (0, 1], found 1.5",
        e.getMessage());
    assertEquals("pruning.step.fraction", e.key());
    assertEquals("must be in (0, 1], found 1.5", e.problem());
  }

  @Test
  void rangeCheckOnAListItemAndOnAList() {
    assertError(
        "experiment.yaml line 3, column 23: model.layers[1]: must be 1 or greater, found 0",
        "name: x\ndata: {path: d.csv}\nmodel: {layers: [784, 0, 10]}\n");
    assertError(
        "experiment.yaml line 5, column 3: pruning.strategies: must not be empty",
        HEAD + "pruning:\n  strategies: []\n");
  }

  @Test
  void recordsCheckingWithTheirOwnExceptionsAreLocatedAtTheirMapping() {
    // PrunerConfig (obd-saliency) throws IllegalArgumentException naming its own key
    record Run(PrunerConfig step) {}
    ConfigException e = assertThrows(
        ConfigException.class,
        () -> YamlConfig.read("step:\n  fraction: 0.5\n  count: 3\n", "run.yaml", Run.class));
    assertEquals(
        "run.yaml line 1, column 1: step: pruner: give exactly one of 'fraction' and 'count',"
            + " found fraction 0.5 and count 3",
        e.getMessage());
    // and its @JsonProperty names, enum names and primitive default work as in obd-saliency
    Run r = YamlConfig.read(
        "step: {scope: per-layer, count: 3, include-biases: true}\n", "run.yaml", Run.class)
        .value();
    assertEquals(PrunerConfig.count(3).withScope(PrunerConfig.Scope.PER_LAYER)
        .withIncludeBiases(true), r.step());
    assertEquals(false, YamlConfig.read("step: {count: 3}\n", "run.yaml", Run.class)
        .value().step().includeBiases());
  }

  @Test
  void aTypoIsReportedBeforeALaterRangeErrorInTheSameMapping() {
    // without the pre-pass the constructor's check (line 6) would fire before the typo (line 5)
    assertError(
        "experiment.yaml line 5, column 3: training: unknown key 'epoch'; valid keys: epochs,"
            + " batch-size, optimizer, loss, weight-decay, patience",
        HEAD + "training:\n  epoch: 3\n  batch-size: 0\n");
  }

  @Test
  void aRangeErrorIsReportedBeforeALaterTypo() {
    assertError(
        "experiment.yaml line 2, column 33: data.validation: must be in [0, 0.5], found 0.9",
        """
        name: x
        data: {path: d.csv, validation: 0.9}
        model: {layers: [2, 1]}
        training: {epochs: 3, lerning-rate: 2}
        """);
    // in the same mapping too
    assertError(
        "experiment.yaml line 5, column 15: training.batch-size: must be 1 or greater, found 0",
        HEAD + "training:\n  batch-size: 0\n  epoch: 3\n");
  }

  @Test
  void aTypoIsReportedWhenTheRestOfItsMappingIsFine() {
    assertError(
        "experiment.yaml line 4, column 3: model: unknown key 'activaton'; valid keys: layers,"
            + " activation, biases",
        """
        name: x
        data: {path: d.csv}
        model:
          activaton: relu
          layers: [2, 1]
        """);
  }

  @Test
  void aParentsOwnCheckIsReportedBeforeALaterTypoInItsChild() {
    assertError(
        "experiment.yaml line 5, column 11: pruning.rounds: must be 1 or greater, found 0",
        HEAD + """
            pruning:
              rounds: 0
              strategies: [{name: obd}]
              step: {fraction: 0.5, sise: 2}
            """);
  }

  @Test
  void aRecordIsNotBlamedForAValueRemovedAsIllTyped() {
    // binding model without its ill-typed layers would say 'missing required key' at line 3
    assertError(
        "experiment.yaml line 4, column 3: model.layers: expected a list, found a mapping",
        """
        name: x
        data: {path: d.csv}
        model:
          layers: {first: 2}
          activation: relu
        """);
  }

  @Test
  void anIllTypedValueIsReportedBeforeALaterTypo() {
    assertError(
        "experiment.yaml line 5, column 11: training.epochs: expected an integer, found 'ten'",
        HEAD + "training:\n  epochs: ten\n  lerning-rate: 2\n");
  }

  @Test
  void deepProblemsAreReportedInFileOrder() {
    assertError(
        "experiment.yaml line 6, column 27: pruning.strategies[0].weight: must be greater than 0,"
            + " found -1.0",
        HEAD + """
            pruning:
              strategies:
                - {name: obd, weight: -1}
                - {name: obs, wieght: 2}
            """);
  }

  @Test
  void checkHelpersNameTheKeyOutsideTheLoader() {
    ConfigException e = assertThrows(
        ConfigException.class, () -> new Samples.Step(null, 0.0, null));
    assertEquals("fraction: must be in (0, 1], found 0.0", e.getMessage());
    assertEquals("fraction", e.key());
    assertEquals(0, e.line());
    assertEquals(
        "missing required key 'layers'",
        assertThrows(ConfigException.class, () -> new Samples.Model(null, null, null))
            .getMessage());
    assertEquals(
        "name: must be one of sgd, momentum, adam, found 'adamw'",
        assertThrows(ConfigException.class, () -> new Samples.Optimizer("adamw", null))
            .getMessage());
    assertEquals(List.of(1), Check.nonEmpty("k", List.of(1)));
    assertEquals(null, Check.positive("k", (Integer) null));
    assertEquals(
        "k: must be in [-1, 2.5], found NaN",
        assertThrows(ConfigException.class, () -> Check.inRange("k", Double.NaN, -1, 2.5))
            .getMessage());
  }
}
