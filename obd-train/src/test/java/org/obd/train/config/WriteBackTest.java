package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.train.config.Samples.Experiment;

/** The resolved config: records written back as YAML that reads back equal. */
class WriteBackTest {

  private static Experiment read(String yaml) {
    return YamlConfig.read(yaml, "resolved.yaml", Experiment.class).value();
  }

  @Test
  void writesKebabCaseKeysInComponentOrderWithEveryDefault() {
    assertEquals("""
        name: mnist-obd
        seed: 7
        data:
          path: data/mnist.csv
          classes: 10
          validation: 0.2
          shuffle: true
        model:
          layers:
            - 784
            - 30
            - 10
          activation: soft-sign
          biases: true
        training:
          epochs: 20
          batch-size: 64
          optimizer:
            name: momentum
            options:
              learning-rate: 0.001
              momentum: 0.9
              nesterov: true
          loss: mse
          weight-decay: 0.0
          patience: null
        pruning:
          strategies:
            - name: obd
              options:
                hessian: exact
              weight: 1.0
            - name: magnitude
              options: {}
              weight: 0.5
          step:
            scope: per-layer
            fraction: 0.25
            include-biases: false
          rounds: 5
          retrain-epochs: 2
        output:
          directory: runs
          save-models: true
          formats:
            - csv
        plugins:
          - org.example.MyModule
        """, YamlConfig.write(read(Samples.EXPERIMENT)));
  }

  @Test
  void readingTheResolvedConfigGivesAnEqualRecord() {
    Experiment e = read(Samples.EXPERIMENT);
    assertEquals(e, read(YamlConfig.write(e)));
    Experiment minimal = read("name: x\ndata: {path: d.csv}\nmodel: {layers: [1]}\n");
    assertEquals(minimal, read(YamlConfig.write(minimal)));
  }

  @Test
  void stringsThatLookLikeOtherValuesAreQuoted() {
    List<String> tricky = List.of(
        "true", "False", "yes", "no", "on", "null", "~", "", " lead", "trail ", "a: b", "a #b",
        "# c", "- x", "[x]", "{x}", "@at", "%p", "&a", "*a", "!t", "|", ">", "'q'", "\"dq\"",
        "042", "0x1F", "1_000", "1e-3", ".inf", "-.inf", ".nan", "3.", "-", "?", "multi\nline",
        "tab\there", "ünïcödé ☃", "back\\slash", "org.example.MyModule", "data/train.csv");
    Experiment e = new Experiment(
        "1e-3", null, new Samples.Data("0x1F", null, null, null),
        new Samples.Model(List.of(1), null, null), null, null,
        new Samples.Output("true", null, null), tricky);
    String yaml = YamlConfig.write(e);
    Experiment back = read(yaml);
    assertEquals(tricky, back.plugins(), yaml);
    assertEquals(e, back);
  }

  @Test
  void doublesReadBackBitIdentically() {
    double[] values = {
      0.1 + 0.2, 1.0 / 3, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e300, 1e-300,
      -0.0, 0.0, 123456789.123456789, 1e10, 1e7, 1e-7, Math.PI, Math.nextUp(1.0),
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    Map<String, Object> options = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      options.put("v" + i, values[i]);
    }
    options.put("long", 12345678901L);
    options.put("nested", List.of(Map.of("x", 0.1 + 0.2)));
    for (double v : new double[] {0.1 + 0.2, Double.MIN_VALUE, 1e300, 1.0 / 3, 5e-324}) {
      Experiment e = new Experiment(
          "x", null, new Samples.Data("d.csv", null, null, null),
          new Samples.Model(List.of(1), null, null),
          new Samples.Training(null, null, new Samples.Optimizer(null, options), null, v, null),
          null, null, null);
      Experiment back = read(YamlConfig.write(e));
      assertEquals(
          Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(back.training().weightDecay()));
      Map<String, Object> o = back.training().optimizer().options();
      for (int i = 0; i < values.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(values[i]),
            Double.doubleToRawLongBits((Double) o.get("v" + i)), "v" + i + " = " + values[i]);
      }
      assertEquals(e, back);
    }
  }
}
