package org.obd.saliency;

import java.util.Random;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Shape;

/** Small seeded models for this module's tests. */
final class Fixtures {

  private Fixtures() {}

  static Network net() {
    return Network.builder(Shape.flat(3))
        .dense(4, Activation.TANH)
        .dense(2, Activation.IDENTITY)
        .build();
  }

  static Model model(Network net, long seed) {
    Random r = new Random(seed);
    double[] t = new double[net.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 0.7 * r.nextGaussian();
    }
    return new Model(net, t);
  }

  static Dataset data(Network net, int n, long seed, boolean oneHot) {
    Random r = new Random(seed);
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

  static SaliencyContext context(long seed, Loss loss) {
    Network net = net();
    return SaliencyContext.of(
        model(net, seed), loss, data(net, 6, seed + 1, loss == Loss.SOFTMAX_CROSS_ENTROPY), seed);
  }
}
