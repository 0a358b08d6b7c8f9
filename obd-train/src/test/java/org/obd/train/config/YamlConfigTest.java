package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.config.Samples.Activation;
import org.obd.train.config.Samples.Experiment;
import org.obd.train.config.Samples.Format;
import org.obd.train.config.Samples.Loss;
import org.obd.train.config.Samples.Scope;

/** Binding YAML to records: keys, values, defaults. */
class YamlConfigTest {

  @TempDir Path dir;

  private static Experiment read(String yaml) {
    return YamlConfig.read(yaml, "experiment.yaml", Experiment.class).value();
  }

  @Test
  void bindsEveryKindOfValue() {
    Experiment e = read(Samples.EXPERIMENT);
    assertEquals("mnist-obd", e.name());
    assertEquals(7L, e.seed());
    assertEquals("data/mnist.csv", e.data().path());
    assertEquals(0.2, e.data().validation());
    assertEquals(List.of(784, 30, 10), e.model().layers());
    assertEquals(Activation.SOFT_SIGN, e.model().activation());
    assertEquals(20, e.training().epochs());
    assertEquals(64, e.training().batchSize());
    assertEquals("momentum", e.training().optimizer().name());
    assertEquals(
        Map.of("learning-rate", 1e-3, "momentum", 0.9, "nesterov", true),
        e.training().optimizer().options());
    assertEquals(Loss.MSE, e.training().loss());
    assertEquals(2, e.pruning().strategies().size());
    assertEquals("obd", e.pruning().strategies().get(0).name());
    assertEquals(Map.of("hessian", "exact"), e.pruning().strategies().get(0).options());
    assertEquals(0.5, e.pruning().strategies().get(1).weight());
    assertEquals(Scope.PER_LAYER, e.pruning().step().scope());
    assertEquals(0.25, e.pruning().step().fraction());
    assertEquals(List.of("org.example.MyModule"), e.plugins());
  }

  @Test
  void absentKeysTakeTheRecordsDefaults() {
    Experiment e = read("""
        name: x
        data: {path: d.csv}
        model: {layers: [2, 1]}
        """);
    assertEquals(42L, e.seed());
    assertEquals(10, e.data().classes());
    assertEquals(0.1, e.data().validation());
    assertEquals(true, e.data().shuffle());
    assertEquals(Activation.TANH, e.model().activation());
    assertEquals(10, e.training().epochs());
    assertEquals(32, e.training().batchSize());
    assertEquals("sgd", e.training().optimizer().name());
    assertEquals(Map.of(), e.training().optimizer().options());
    assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, e.training().loss());
    assertEquals(0.0, e.training().weightDecay());
    assertNull(e.training().patience());
    assertNull(e.pruning());
    assertEquals("runs", e.output().directory());
    assertEquals(List.of(Format.CSV), e.output().formats());
    assertEquals(List.of(), e.plugins());
  }

  @Test
  void keysWithNoValueTakeTheDefaultsToo() {
    Experiment e = read("""
        name: x
        seed:
        data: {path: d.csv, classes: ~, validation: null}
        model: {layers: [2, 1]}
        training:
        """);
    assertEquals(42L, e.seed());
    assertEquals(10, e.data().classes());
    assertEquals(0.1, e.data().validation());
    assertEquals(10, e.training().epochs());
  }

  @Test
  void yamlScalarsKeepTheirYamlMeaning() {
    Experiment e = read("""
        name: x
        data: {path: d.csv, validation: 5e-2}
        model: {layers: [0x10, 1_000, 1]}
        training:
          weight-decay: 1E-4
          optimizer:
            options: {a: 1.0E10, b: .inf, c: '1e-3', d: 3, e: yes, f: 12345678901, g: [1, x]}
        """);
    assertEquals(0.05, e.data().validation());
    assertEquals(List.of(16, 1000, 1), e.model().layers());
    assertEquals(1e-4, e.training().weightDecay());
    assertEquals(
        Map.of("a", 1e10, "b", Double.POSITIVE_INFINITY, "c", "1e-3", "d", 3, "e", "yes",
            "f", 12345678901L, "g", List.of(1, "x")),
        e.training().optimizer().options());
  }

  @Test
  void anIntegerIsANumber() {
    Experiment e = read("""
        name: x
        data: {path: d.csv, validation: 0}
        model: {layers: [2, 1]}
        training: {weight-decay: 1}
        """);
    assertEquals(0.0, e.data().validation());
    assertEquals(1.0, e.training().weightDecay());
  }

  @Test
  void anchorsAndAliasesAreCopies() {
    Experiment e = read("""
        name: x
        data: {path: d.csv}
        model: {layers: &widths [4, 3, 2]}
        pruning:
          strategies:
            - &obd {name: obd, options: {layers: *widths}}
            - *obd
        """);
    assertEquals(e.pruning().strategies().get(0), e.pruning().strategies().get(1));
    assertEquals(List.of(4, 3, 2), e.pruning().strategies().get(0).options().get("layers"));
  }

  @Test
  void loadsAFileAndNamesItInMessages() throws IOException {
    Path f = dir.resolve("experiment.yaml");
    Files.writeString(f, Samples.EXPERIMENT);
    assertEquals(read(Samples.EXPERIMENT), YamlConfig.load(f, Experiment.class).value());

    Files.writeString(f, "name: x\nseed: seven\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> YamlConfig.load(f, Experiment.class));
    assertEquals(f + " line 2, column 7: seed: expected an integer, found 'seven'", e.getMessage());
    assertEquals(f.toString(), e.source());
  }
}
