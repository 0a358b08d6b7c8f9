package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.obd.train.config.Samples.Experiment;

/** Errors found after binding, located through {@link ConfigLocations}. */
class ConfigLocationsTest {

  private static ConfigLocations locations(String... overrides) {
    return YamlConfig.read(
            Samples.EXPERIMENT, "experiment.yaml", Experiment.class, List.of(overrides))
        .locations();
  }

  @Test
  void aScalarIsLocatedAtItsValue() {
    ConfigException e = locations().error(
        "pruning.strategies[1].name", "unknown saliency strategy 'magnitude'; available: obd");
    assertEquals(
        "experiment.yaml line 24, column 13: pruning.strategies[1].name: unknown saliency"
            + " strategy 'magnitude'; available: obd",
        e.getMessage());
    assertEquals("pruning.strategies[1].name", e.key());
    assertEquals(24, e.line());
    assertEquals(13, e.column());
    assertEquals("experiment.yaml", e.source());
  }

  @Test
  void aJsonPointerIsTheSameKey() {
    assertEquals(
        locations().error("pruning.strategies[1].name", "x").getMessage(),
        locations().error("/pruning/strategies/1/name", "x").getMessage());
    assertEquals(
        "experiment.yaml line 16, column 22: training.optimizer.options.learning-rate: too big",
        locations().error("/training/optimizer/options/learning-rate", "too big").getMessage());
  }

  @Test
  void mappingsAndListsAreLocatedAtTheirKeysAndItemsAtTheirValues() {
    assertEquals("experiment.yaml line 13, column 3", locations().where("training.optimizer"));
    assertEquals("experiment.yaml line 21, column 3", locations().where("pruning.strategies"));
    assertEquals("experiment.yaml line 8, column 21", locations().where("model.layers[2]"));
    assertEquals("experiment.yaml line 24, column 7", locations().where("pruning.strategies[1]"));
    assertEquals("experiment.yaml line 1, column 1", locations().where(""));
  }

  @Test
  void aKeyLeftToItsDefaultIsLocatedAtTheNearestWrittenKey() {
    assertEquals(
        "experiment.yaml line 10, column 1: training.patience: 3 is more than the 2 epochs",
        locations().error("training.patience", "3 is more than the 2 epochs").getMessage());
    assertEquals("experiment.yaml line 1, column 1", locations().where("output.directory"));
  }

  @Test
  void anOverriddenValueIsLocatedAtItsOverride() {
    ConfigLocations l = locations("training.epochs=5", "model.layers=[3, 2]");
    assertEquals(
        "--set training.epochs=5: training.epochs: more than the data allows",
        l.error("training.epochs", "more than the data allows").getMessage());
    assertEquals("--set model.layers=[3, 2]", l.where("model.layers[1]"));
    assertEquals("experiment.yaml line 12, column 15", l.where("training.batch-size"));
    assertEquals("experiment.yaml", l.source());
  }
}
