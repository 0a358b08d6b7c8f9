package org.obd.train.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.ParameterBlock;
import org.obd.core.Shape;

class InitializerTest {

  /** Network A of the README's curvature costs (obd bench --network dense-256-100-10). */
  private static Network denseA() {
    return Network.builder(Shape.flat(256))
        .dense(100, Activation.TANH)
        .dense(10, Activation.IDENTITY)
        .build();
  }

  /** Network B (lenet-8x8). */
  private static Network lenet8() {
    return Network.builder(new Shape(1, 8, 8))
        .conv2d(6, 3, 3, 1, Activation.TANH)
        .avgpool(2, Activation.TANH)
        .flatten()
        .dense(30, Activation.TANH)
        .dense(10, Activation.IDENTITY)
        .build();
  }

  /** Network C (lenet-16x16). */
  private static Network lenet16() {
    return Network.builder(new Shape(1, 16, 16))
        .conv2d(4, 5, 5, 1, Activation.TANH)
        .avgpool(2, Activation.TANH)
        .conv2d(12, 3, 3, 1, Activation.TANH)
        .flatten()
        .dense(30, Activation.TANH)
        .dense(10, Activation.IDENTITY)
        .build();
  }

  /** The seeded weights of obd-cli's BenchNetworks.model before it used Initializer, verbatim. */
  private static double[] benchNetworksReference(Network net, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] theta = new double[net.parameterCount()];
    for (var block : net.blocks()) {
      if (block.bias()) {
        continue;
      }
      int[] shape = block.shape();
      int fanIn = block.size() / shape[0];
      double scale = 1.0 / Math.sqrt(fanIn);
      for (int k = block.offset(); k < block.end(); k++) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        theta[k] = scale * (Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v));
      }
    }
    return theta;
  }

  @Test
  void lecunNormalIsBitIdenticalToTheOldBenchNetworks() {
    for (Network net : new Network[] {denseA(), lenet8(), lenet16()}) {
      for (long seed : new long[] {0, 1, 42, -7}) {
        double[] expected = benchNetworksReference(net, seed);
        double[] actual = Initializer.LECUN_NORMAL.parameters(net, seed);
        for (int k = 0; k < expected.length; k++) {
          assertEquals(
              Double.doubleToRawLongBits(expected[k]),
              Double.doubleToRawLongBits(actual[k]),
              net + " seed " + seed + " parameter " + k);
        }
      }
    }
  }

  /**
   * Numbers printed by the old BenchNetworks.model (through reflection) before the change:
   * Arrays.hashCode of the parameters and three of them.
   */
  @Test
  void lecunNormalReproducesRecordedBenchNumbers() {
    Object[][] recorded = {
      {denseA(), 0L, -416080584, -0.11774427083452753, 0.014225495966475328, -0.025987296140640777},
      {denseA(), 42L, 455679776, 0.0551405566388918, -0.028178117232428756, -0.13074890766236405},
      {lenet8(), 0L, 1388731709, -0.6279694444508135, 0.07586931182120174, -0.11672346282510782},
      {lenet8(), 42L, -1221796481, 0.29408296874075623, -0.1502832919062867, 0.3638474385552851},
      {lenet16(), 0L, -1658089821, -0.3767816666704881, 0.045521587092721055, 0.2939401940117961},
      {lenet16(), 42L, -1930953265, 0.17644978124445376, -0.09016997514377202, 0.09750454739123636},
    };
    for (Object[] r : recorded) {
      double[] p = Initializer.LECUN_NORMAL.parameters((Network) r[0], (Long) r[1]);
      String where = r[0] + " seed " + r[1];
      assertEquals((int) r[2], Arrays.hashCode(p), where);
      assertEquals((double) r[3], p[0], 0.0, where);
      assertEquals((double) r[4], p[1], 0.0, where);
      assertEquals((double) r[5], p[p.length - 11], 0.0, where + ": the last weight");
    }
  }

  @Test
  void biasesAreZeroAndTheSameSeedGivesTheSameParameters() {
    Network net = lenet16();
    for (Initializer init : Initializer.values()) {
      double[] a = init.parameters(net, 5);
      assertArrayEquals(a, init.parameters(net, 5), 0.0, init + " is deterministic");
      assertFalse(Arrays.equals(a, init.parameters(net, 6)), init + " depends on the seed");
      for (ParameterBlock b : net.blocks()) {
        for (int k = b.offset(); k < b.end(); k++) {
          if (b.bias()) {
            assertEquals(0.0, a[k], 0.0, init + " " + b.parameterName(k));
          } else {
            assertTrue(a[k] != 0.0, init + " " + b.parameterName(k));
          }
        }
      }
      Model m = init.model(net, 5);
      assertArrayEquals(a, m.parameters(), 0.0);
      assertEquals(0, m.mask().deletedCount());
    }
  }

  @Test
  void fanInIsTheInputsOfAUnit() {
    Network net = lenet16();
    // conv 4@5x5 on 1 channel, conv 12@3x3 on 4 channels, dense 30 on 12x4x4, dense 10 on 30
    int[] expected = {25, 36, 192, 30};
    int i = 0;
    for (ParameterBlock b : net.blocks()) {
      if (!b.bias()) {
        assertEquals(expected[i++], Initializer.fanIn(b), b.name());
      }
    }
    assertEquals(4, i);
  }

  /**
   * One dense layer of 1000 inputs and 400 outputs: 400,000 weights. The sample variance of n
   * draws has a relative standard error of about sqrt((κ − 1)/n) (κ the kurtosis: 3 for the
   * normal, 1.8 for the uniform), 0.22% and 0.14% here; the bound is 5 such errors.
   */
  @Test
  void theVarianceOfALargeLayerIsOneOverFanIn() {
    Network net = Network.builder(Shape.flat(1000)).dense(400, Activation.TANH).build();
    double[] expectedVariance = {1.0 / 1000, 1.0 / 1000, Math.pow(2.4 / 1000, 2) / 3};
    double[] kurtosis = {3, 1.8, 1.8};
    Initializer[] schemes = {
      Initializer.LECUN_NORMAL, Initializer.LECUN_UNIFORM, Initializer.LECUN_1989
    };
    for (int s = 0; s < schemes.length; s++) {
      double[] p = schemes[s].parameters(net, 2024);
      int n = 400_000;
      double mean = 0;
      for (int k = 0; k < n; k++) {
        mean += p[k];
      }
      mean /= n;
      double var = 0;
      double largest = 0;
      for (int k = 0; k < n; k++) {
        var += (p[k] - mean) * (p[k] - mean);
        largest = Math.max(largest, Math.abs(p[k]));
      }
      var /= n - 1;
      double relErr = Math.sqrt((kurtosis[s] - 1) / n);
      String where = schemes[s] + ": variance " + var + ", expected " + expectedVariance[s];
      assertEquals(expectedVariance[s], var, 5 * relErr * expectedVariance[s], where);
      assertEquals(0.0, mean, 5 * Math.sqrt(expectedVariance[s] / n), schemes[s] + " mean");
      if (s > 0) {
        double half = Math.sqrt(3 * expectedVariance[s]);
        assertTrue(largest <= half, schemes[s] + ": |w| " + largest + " within " + half);
        assertTrue(largest > 0.999 * half, schemes[s] + " reaches its bounds");
      } else {
        assertTrue(largest > 4 * Math.sqrt(expectedVariance[s]), "normal tails");
      }
    }
  }

  @Test
  void namesAreKebabCase() {
    assertEquals(Initializer.LECUN_NORMAL, Initializer.DEFAULT);
    assertEquals(Initializer.LECUN_NORMAL, Initializer.fromName("lecun-normal"));
    assertEquals(Initializer.LECUN_UNIFORM, Initializer.fromName("lecun-uniform"));
    assertEquals(Initializer.LECUN_1989, Initializer.fromName("lecun-1989"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Initializer.fromName("xavier"));
    assertEquals(
        "unknown initializer 'xavier'; expected one of lecun-normal, lecun-uniform, lecun-1989",
        e.getMessage());
  }
}
