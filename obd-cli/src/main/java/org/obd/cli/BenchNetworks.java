package org.obd.cli;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Shape;
import org.obd.train.init.Initializer;

/**
 * The networks the README's curvature costs are measured on, so that {@code obd bench} reproduces
 * them without files: seeded weights ({@code N(0, 1/fan-in)}), Gaussian inputs, uniform class
 * labels over the network's outputs.
 */
enum BenchNetworks {
  /** (A) 256-100-10, tanh hidden layer. */
  DENSE_256_100_10("dense-256-100-10") {
    @Override
    Network network() {
      return Network.builder(Shape.flat(256))
          .dense(100, Activation.TANH)
          .dense(10, Activation.IDENTITY)
          .build();
    }
  },
  /** (B) LeNet-style on 8×8 inputs. */
  LENET_8X8("lenet-8x8") {
    @Override
    Network network() {
      return Network.builder(new Shape(1, 8, 8))
          .conv2d(6, 3, 3, 1, Activation.TANH)
          .avgpool(2, Activation.TANH)
          .flatten()
          .dense(30, Activation.TANH)
          .dense(10, Activation.IDENTITY)
          .build();
    }
  },
  /** (C) LeNet-style on 16×16 inputs, two convolutions. */
  LENET_16X16("lenet-16x16") {
    @Override
    Network network() {
      return Network.builder(new Shape(1, 16, 16))
          .conv2d(4, 5, 5, 1, Activation.TANH)
          .avgpool(2, Activation.TANH)
          .conv2d(12, 3, 3, 1, Activation.TANH)
          .flatten()
          .dense(30, Activation.TANH)
          .dense(10, Activation.IDENTITY)
          .build();
    }
  };

  private final String configName;

  BenchNetworks(String configName) {
    this.configName = configName;
  }

  abstract Network network();

  String configName() {
    return configName;
  }

  static BenchNetworks fromName(String name) {
    for (BenchNetworks b : values()) {
      if (b.configName.equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown network '" + name + "'; expected one of " + names());
  }

  static String names() {
    return Arrays.stream(values()).map(BenchNetworks::configName).collect(Collectors.joining(", "));
  }

  /** The network with seeded weights {@code N(0, 1/fan-in)}, zero biases: {@code lecun-normal}. */
  Model model(long seed) {
    return Initializer.LECUN_NORMAL.model(network(), seed);
  }

  /** {@code n} samples: Gaussian inputs, uniform one-hot labels. */
  Dataset data(int n, long seed) {
    Network net = network();
    SplittableRandom random = new SplittableRandom(seed + 1);
    int d = net.inputShape().size();
    int c = net.outputShape().size();
    double[][] x = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = gaussian(random);
      }
      labels[i] = random.nextInt(c);
    }
    return Dataset.classification(x, labels, c);
  }

  /** A standard normal draw (Box–Muller), reproducible across JDKs unlike nextGaussian. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
