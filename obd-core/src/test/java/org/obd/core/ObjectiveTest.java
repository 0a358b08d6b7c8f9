package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Smoke checks of the engine against central differences on fixed small networks, one of each
 * layer type. The randomised properties over many networks live in obd-testkit's tests (Maven
 * forbids obd-core's tests from depending on the kit that depends on obd-core).
 */
class ObjectiveTest {

  static Network convNet() {
    return Network.builder(new Shape(2, 6, 5))
        .conv2d(3, 3, 2, 1, Activation.TANH)
        .avgpool(2, Activation.SIGMOID)
        .flatten()
        .dense(4, Activation.SCALED_TANH)
        .dense(3, Activation.IDENTITY)
        .build();
  }

  /**
   * The fixed networks the curvature checks run on: {@link #convNet()}; two conv layers (one
   * strided), so that rows reach the lower one through the upper one's input transpose, sparse and
   * dense paths alike; and a dense stack.
   */
  static Network[] mixedNets() {
    return new Network[] {
      convNet(),
      Network.builder(new Shape(2, 9, 8))
          .conv2d(3, 3, 2, 2, Activation.SIGMOID)
          .conv2d(2, 2, 2, 1, Activation.TANH)
          .flatten()
          .dense(3, Activation.SCALED_TANH)
          .build(),
      Network.builder(Shape.flat(4))
          .dense(5, Activation.TANH)
          .dense(3, Activation.SIGMOID)
          .dense(2, Activation.SCALED_TANH)
          .build()
    };
  }

  static Dataset data(Network net, int n, Random r, boolean oneHot) {
    double[][] x = new double[n][net.inputShape().size()];
    double[][] y = new double[n][net.outputShape().size()];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < x[i].length; j++) {
        x[i][j] = r.nextGaussian();
      }
      if (oneHot) {
        y[i][r.nextInt(y[i].length)] = 1;
      } else {
        for (int j = 0; j < y[i].length; j++) {
          y[i][j] = r.nextGaussian();
        }
      }
    }
    return Dataset.of(x, y);
  }

  static double[] params(Network net, Random r) {
    double[] t = new double[net.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 0.5 * r.nextGaussian();
    }
    return t;
  }

  @Test
  void gradientAndHessianVectorMatchCentralDifferences() {
    Random r = new Random(7);
    for (Loss loss : Loss.values()) {
      Network net = convNet();
      Dataset d = data(net, 5, r, loss == Loss.SOFTMAX_CROSS_ENTROPY);
      Objective obj = new Objective(net, loss, 2, false);
      double[] t = params(net, r);
      Mask m = Mask.none(net.parameterCount());
      double[] g = new double[t.length];
      obj.gradient(t, m, d, g);
      double h = 1e-5;
      for (int k = 0; k < t.length; k++) {
        double[] tp = t.clone();
        tp[k] += h;
        double[] tm = t.clone();
        tm[k] -= h;
        double fd = (obj.value(tp, d) - obj.value(tm, d)) / (2 * h);
        assertEquals(fd, g[k], 1e-7 + 1e-6 * Math.abs(fd), "gradient " + k + " " + loss);
      }
      double[] v = params(net, r);
      double[] hv = new double[t.length];
      obj.hessianVector(t, m, d, v, hv);
      double[] tp = t.clone();
      double[] tm = t.clone();
      for (int k = 0; k < t.length; k++) {
        tp[k] += h * v[k];
        tm[k] -= h * v[k];
      }
      double[] gp = new double[t.length];
      double[] gm = new double[t.length];
      obj.gradient(tp, m, d, gp);
      obj.gradient(tm, m, d, gm);
      for (int k = 0; k < t.length; k++) {
        double fd = (gp[k] - gm[k]) / (2 * h);
        assertEquals(fd, hv[k], 1e-7 + 1e-6 * Math.abs(fd), "Hv " + k + " " + loss);
      }
    }
  }

  @Test
  void batchSizeAndThreadsDoNotChangeResults() {
    Random r = new Random(3);
    Network net = Network.builder(Shape.flat(5)).dense(7, Activation.TANH).dense(3, Activation.IDENTITY).build();
    Dataset d = data(net, 3000, r, true);
    double[] t = params(net, r);
    double[] g1 = new double[t.length];
    double[] g2 = new double[t.length];
    double[] g3 = new double[t.length];
    Mask m = Mask.none(t.length);
    new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, false).gradient(t, m, d, g1);
    new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, true).gradient(t, m, d, g2);
    new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 1000, true).gradient(t, m, d, g3);
    for (int k = 0; k < t.length; k++) {
      assertEquals(g1[k], g2[k], 0.0, "threads must not change the result");
      assertTrue(Math.abs(g1[k] - g3[k]) <= 1e-12 + 1e-10 * Math.abs(g1[k]));
    }
  }

  /**
   * A batch size far beyond the data (20,000,000 rows, or the largest int) allocates buffers for
   * the rows that run, not for the batch size, and gives the same bits as a batch of the data's
   * size: every pass is one chunk of all the rows either way.
   */
  @Test
  void aBatchSizeBeyondTheDataSizesBuffersToTheDataAndChangesNoBit() {
    Random r = new Random(5);
    Network net = convNet();
    Dataset d = data(net, 4, r, true);
    double[] t = params(net, r);
    double[] v = params(net, r);
    Mask m = Mask.of(t.length, 2, 9);
    t[2] = 0;
    t[9] = 0;
    Objective exact = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 4, true);
    for (int huge : new int[] {20_000_000, Integer.MAX_VALUE}) {
      Objective big = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, huge, true);
      double[] g1 = new double[t.length];
      double[] g2 = new double[t.length];
      assertEquals(exact.gradient(t, m, d, g1), big.gradient(t, m, d, g2), 0.0, "objective");
      assertEquals(4, big.engine().workspaceRows(0), "buffers for the 4 rows that run");
      assertArrayEquals(g1, g2, 0.0, "gradient");
      double[] h1 = new double[t.length];
      double[] h2 = new double[t.length];
      exact.hessianVector(t, m, d, v, h1);
      big.hessianVector(t, m, d, v, h2);
      assertArrayEquals(h1, h2, 0.0, "Hessian-vector product");
      for (String method : HessianDiagonal.names()) {
        HessianDiagonal h = HessianDiagonal.byName(method);
        assertArrayEquals(
            h.compute(exact, t, m, d, 3L), h.compute(big, t, m, d, 3L), 0.0, method);
      }
      assertEquals(4, big.engine().workspaceRows(0), "still 4 rows");
    }
    // a larger pass later remakes the buffers larger, up to the batch size
    Objective eight = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 8, false);
    eight.value(t, d);
    assertEquals(4, eight.engine().workspaceRows(0));
    eight.value(t, data(net, 6, r, true));
    assertEquals(8, eight.engine().workspaceRows(0));
    eight.value(t, data(net, 30, r, true));
    assertEquals(8, eight.engine().workspaceRows(0), "never more than the batch size");
  }

  /**
   * Eight shards run on one workspace when the pass stays on the calling thread, on at most two
   * when it uses both cores (a workspace per thread, not per shard), with the same bits either way.
   */
  @Test
  void workspacesArePerThreadNotPerShard() {
    Random r = new Random(7);
    Network net = convNet();
    Dataset d = data(net, 1200, r, true);
    double[] t = params(net, r);
    Mask m = Mask.of(t.length);
    Objective serial = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, false);
    double[] g1 = new double[t.length];
    double e1 = serial.gradient(t, m, d, g1);
    double[] h1 = HessianDiagonal.byName("ggn").compute(serial, t, m, d, 0L);
    assertEquals(1, serial.engine().workspaces(), "19 chunks in 8 shards, one thread");
    String old = System.getProperty("obd.parallel.work");
    System.setProperty("obd.parallel.work", "0");
    try {
      Objective parallel = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, true);
      double[] g2 = new double[t.length];
      assertEquals(e1, parallel.gradient(t, m, d, g2), 0.0);
      double[] h2 = HessianDiagonal.byName("ggn").compute(parallel, t, m, d, 0L);
      assertArrayEquals(g1, g2, 0.0, "gradient");
      assertArrayEquals(h1, h2, 0.0, "ggn");
      int threads = parallel.threads(d.size());
      assertTrue(parallel.engine().workspaces() <= threads, threads + " threads");
    } finally {
      if (old == null) {
        System.clearProperty("obd.parallel.work");
      } else {
        System.setProperty("obd.parallel.work", old);
      }
    }
  }

  @Test
  void outputsAreWhatTheLossSees() {
    Random r = new Random(8);
    Network net = convNet();
    Dataset d = data(net, 1500, r, false);
    double[] t = params(net, r);
    org.ejml.data.DMatrixRMaj o = new Objective(net, Loss.MSE, 64, true).outputs(t, d);
    assertEquals(d.size(), o.numRows);
    assertEquals(net.outputShape().size(), o.numCols);
    double e = 0;
    for (int n = 0; n < d.size(); n++) {
      double[] y = d.target(n);
      for (int j = 0; j < y.length; j++) {
        double diff = o.get(n, j) - y[j];
        e += 0.5 * diff * diff / d.size();
      }
    }
    double value = new Objective(net, Loss.MSE, 7, false).value(t, d);
    assertEquals(value, e, 1e-12 * Math.abs(value));
    org.ejml.data.DMatrixRMaj single = new Objective(net, Loss.MSE, 1, false).outputs(t, d);
    for (int i = 0; i < o.getNumElements(); i++) {
      assertEquals(single.data[i], o.data[i], 0.0, "outputs do not depend on batching");
    }
  }
}
