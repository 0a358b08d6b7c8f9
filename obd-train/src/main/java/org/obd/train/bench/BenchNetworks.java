package org.obd.train.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Activation;
import org.obd.core.ConfigNames;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Shape;
import org.obd.train.init.Initializer;

/**
 * The built-in benchmark networks of {@code obd bench --network}, with seeded weights and seeded
 * random data, so that benchmarks need no files: weights {@code lecun-normal} ({@code N(0,
 * 1/fan-in)}, biases 0, {@link Initializer#LECUN_NORMAL}); every hidden layer {@code tanh}, the
 * output layer {@code identity}, with 10 outputs.
 *
 * <p>Networks A, B and C of the README's curvature costs are {@link #DENSE_256_100_10}, {@link
 * #LENET_8X8} and {@link #LENET_16X16}; their timings are measured on {@link #data} (Gaussian
 * inputs). The training-throughput benchmark uses {@link #trainingData} (uniform inputs in [0, 1),
 * as PyTorch's reference script {@code torch_train.py} does). The same seed gives bit-identical
 * weights and data on every JVM.
 */
public enum BenchNetworks {
  /** 64-30-10, tanh hidden layer (P = 2,260). */
  DENSE_64_30_10 {
    @Override
    public Network network() {
      return dense(64, 30, 10);
    }
  },
  /** (A) 256-100-10, tanh hidden layer (P = 26,710). */
  DENSE_256_100_10 {
    @Override
    public Network network() {
      return dense(256, 100, 10);
    }
  },
  /** 784-300-100-10, tanh hidden layers (P = 266,610). */
  DENSE_784_300_100_10 {
    @Override
    public Network network() {
      return dense(784, 300, 100, 10);
    }
  },
  /**
   * (B) LeNet-style on 8×8 inputs: conv 6@3×3 tanh, avgpool 2 tanh, dense 30 tanh, dense 10
   * (P = 2,020).
   */
  LENET_8X8 {
    @Override
    public Network network() {
      return Network.builder(new Shape(1, 8, 8))
          .conv2d(6, 3, 3, 1, Activation.TANH)
          .avgpool(2, Activation.TANH)
          .flatten()
          .dense(30, Activation.TANH)
          .dense(10, Activation.IDENTITY)
          .build();
    }
  },
  /**
   * (C) LeNet-style on 16×16 inputs: conv 4@5×5, avgpool 2, conv 12@3×3, dense 30, all tanh, dense
   * 10 (P = 6,648).
   */
  LENET_16X16 {
    @Override
    public Network network() {
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

  /** Samples of {@link #trainingData} for networks with fewer than 784 inputs. */
  public static final int TRAINING_SAMPLES = 2_000;

  /** Samples of {@link #trainingData} for networks with 784 inputs or more. */
  public static final int LARGE_TRAINING_SAMPLES = 10_000;

  private static Network dense(int in, int... widths) {
    Network.Builder b = Network.builder(Shape.flat(in));
    for (int i = 0; i < widths.length; i++) {
      b.dense(widths[i], i == widths.length - 1 ? Activation.IDENTITY : Activation.TANH);
    }
    return b.build();
  }

  /** The architecture (a new instance per call). */
  public abstract Network network();

  /** The name on the command line, e.g. {@code dense-256-100-10}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * Looks up a network by its name.
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  public static BenchNetworks fromName(String name) {
    return ConfigNames.parse(BenchNetworks.class, name, "network");
  }

  /** The names, in declaration order. */
  public static List<String> names() {
    return ConfigNames.all(BenchNetworks.class);
  }

  /** The network with seeded weights {@code N(0, 1/fan-in)}, zero biases: {@code lecun-normal}. */
  public Model model(long seed) {
    return Initializer.LECUN_NORMAL.model(network(), seed);
  }

  /**
   * {@code n} samples for the curvature timings: standard normal inputs, uniform one-hot labels
   * over the outputs. Drawn from one {@code SplittableRandom(seed + 1)}, sample by sample: its
   * inputs (Box–Muller, {@code u = 1 − nextDouble()}, {@code v = nextDouble()}), then its label
   * ({@code nextInt(C)}).
   *
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public Dataset data(int n, long seed) {
    checkSamples(n);
    SplittableRandom random = new SplittableRandom(seed + 1);
    return draw(n, random, true);
  }

  /**
   * The training-throughput data set: {@link #trainingSamples()} samples with inputs uniform in
   * [0, 1) ({@code nextDouble()}) and uniform one-hot labels, drawn from one {@code
   * SplittableRandom(seed + 1)} sample by sample, as PyTorch's reference script does with its own
   * generator.
   */
  public Dataset trainingData(long seed) {
    return trainingData(trainingSamples(), seed);
  }

  /**
   * {@code n} samples drawn as by {@link #trainingData(long)}.
   *
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public Dataset trainingData(int n, long seed) {
    checkSamples(n);
    return draw(n, new SplittableRandom(seed + 1), false);
  }

  /** Samples of {@link #trainingData(long)}: 2,000, or 10,000 for networks of 784 inputs or more. */
  public int trainingSamples() {
    return network().inputShape().size() >= 784 ? LARGE_TRAINING_SAMPLES : TRAINING_SAMPLES;
  }

  private static void checkSamples(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("samples must be 1 or greater, found " + n);
    }
  }

  /**
   * Drawn straight into the data set's matrices: by way of {@code double[][]} rows the inputs
   * were held twice while the set was built (63 MB more at the peak for 10,000 MNIST-sized
   * samples, which {@code obd bench} reports as its peak memory).
   */
  private Dataset draw(int n, SplittableRandom random, boolean gaussian) {
    Network net = network();
    int d = net.inputShape().size();
    int c = net.outputShape().size();
    DMatrixRMaj x = new DMatrixRMaj(n, d);
    DMatrixRMaj t = new DMatrixRMaj(n, c);
    double[] xd = x.data;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xd[i * d + j] = gaussian ? gaussian(random) : random.nextDouble();
      }
      t.data[i * c + random.nextInt(c)] = 1.0;
    }
    return Dataset.wrap(x, t);
  }

  /** A standard normal draw (Box–Muller), reproducible across JDKs unlike nextGaussian. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
