package org.obd.train.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Layer;

/** The built-in benchmark networks: names, sizes, and weights and data that never change. */
class BenchNetworksTest {

  @Test
  void namesAndSizes() {
    assertEquals(
        List.of("dense-64-30-10", "dense-256-100-10", "dense-784-300-100-10", "lenet-8x8",
            "lenet-16x16"),
        BenchNetworks.names());
    assertEquals(2260, BenchNetworks.DENSE_64_30_10.network().parameterCount());
    assertEquals(26710, BenchNetworks.DENSE_256_100_10.network().parameterCount());
    assertEquals(266610, BenchNetworks.DENSE_784_300_100_10.network().parameterCount());
    assertEquals(2020, BenchNetworks.LENET_8X8.network().parameterCount());
    assertEquals(6648, BenchNetworks.LENET_16X16.network().parameterCount());
    for (BenchNetworks b : BenchNetworks.values()) {
      assertEquals(b, BenchNetworks.fromName(b.configName()));
      List<Layer> layers = b.network().layers();
      for (int l = 0; l < layers.size(); l++) {
        Activation expected = l == layers.size() - 1 ? Activation.IDENTITY : Activation.TANH;
        if (layers.get(l).type().equals("dense")) {
          assertEquals(expected, layers.get(l).activation(), b + " layer " + l);
        }
      }
      assertEquals(10, b.network().outputShape().size());
    }
  }

  @Test
  void unknownNameIsOneLineNamingTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchNetworks.fromName("vgg"));
    assertEquals(
        "unknown network 'vgg'; expected one of dense-64-30-10, dense-256-100-10,"
            + " dense-784-300-100-10, lenet-8x8, lenet-16x16",
        e.getMessage());
  }

  /**
   * Recorded from obd-cli's BenchNetworks before it moved here: the README's curvature timings and
   * the CLI tests depend on these weights and data, bit for bit.
   */
  @Test
  void weightsAndDataAreTheOnesObdCliDrew() {
    assertEquals(455679776, Arrays.hashCode(BenchNetworks.DENSE_256_100_10.model(42).parameters()));
    assertEquals(-1221796481, Arrays.hashCode(BenchNetworks.LENET_8X8.model(42).parameters()));
    assertEquals(-1930953265, Arrays.hashCode(BenchNetworks.LENET_16X16.model(42).parameters()));
    assertEquals(0.29408296874075623, BenchNetworks.LENET_8X8.model(42).parameters()[0], 0.0);
    int[][] data = {
      {-389151855, -1769801343}, // dense-256-100-10
      {1538323215, -391972479}, // lenet-8x8
      {-389151855, -1769801343} // lenet-16x16
    };
    BenchNetworks[] nets = {
      BenchNetworks.DENSE_256_100_10, BenchNetworks.LENET_8X8, BenchNetworks.LENET_16X16
    };
    for (int i = 0; i < nets.length; i++) {
      Dataset d = nets[i].data(50, 7);
      assertEquals(data[i][0], Arrays.hashCode(d.inputs().data), nets[i].configName());
      assertEquals(data[i][1], Arrays.hashCode(d.targets().data), nets[i].configName());
    }
    assertEquals(-1.0587743180551334, BenchNetworks.LENET_8X8.data(50, 7).input(0)[0], 0.0);
  }

  @Test
  void seeded() {
    BenchNetworks b = BenchNetworks.DENSE_64_30_10;
    assertArrayEquals(b.model(3).parameters(), b.model(3).parameters());
    assertFalse(Arrays.equals(b.model(3).parameters(), b.model(4).parameters()));
    assertArrayEquals(b.trainingData(3).inputs().data, b.trainingData(3).inputs().data);
    assertFalse(Arrays.equals(b.trainingData(3).inputs().data, b.trainingData(4).inputs().data));
  }

  @Test
  void trainingDataIsUniformWithUniformLabels() {
    assertEquals(2000, BenchNetworks.DENSE_64_30_10.trainingData(0).size());
    assertEquals(2000, BenchNetworks.LENET_16X16.trainingSamples());
    assertEquals(10_000, BenchNetworks.DENSE_784_300_100_10.trainingSamples());
    Dataset d = BenchNetworks.DENSE_64_30_10.trainingData(0);
    double min = 1;
    double max = 0;
    for (double v : d.inputs().data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= 0 && min < 0.01 && max < 1 && max > 0.99, min + " " + max);
    int[] counts = new int[10];
    for (int n = 0; n < d.size(); n++) {
      double[] t = d.target(n);
      int label = -1;
      for (int c = 0; c < t.length; c++) {
        if (t[c] == 1.0) {
          assertEquals(-1, label);
          label = c;
        }
      }
      counts[label]++;
    }
    for (int c : counts) {
      assertTrue(c > 150 && c < 250, Arrays.toString(counts));
    }
    assertThrows(IllegalArgumentException.class, () -> BenchNetworks.LENET_8X8.data(0, 1));
  }
}
