package org.obd.train.init;

import java.util.SplittableRandom;
import org.obd.core.ConfigNames;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.ParameterBlock;

/**
 * Seeded initial parameters for a {@link Network}: every weight drawn at random with a spread set
 * by its layer's fan-in, every bias 0.
 *
 * <ul>
 *   <li>{@code lecun-normal} (the default): weights {@code N(0, 1/fan-in)};
 *   <li>{@code lecun-uniform}: weights uniform on {@code [−√(3/fan-in), +√(3/fan-in))} (the same
 *       variance, {@code 1/fan-in});
 *   <li>{@code lecun-1989}: weights uniform on {@code [−2.4/fan-in, +2.4/fan-in)}, as in LeCun et
 *       al., "Backpropagation applied to handwritten zip code recognition" (1989).
 * </ul>
 *
 * <p>The fan-in of a weight block is {@code block.size() / shape[0]}: the inputs of a dense layer,
 * {@code inChannels × kh × kw} for a convolution. Draws come from one {@link SplittableRandom}
 * seeded with the seed, one per weight, blocks in parameter order, biases skipped (no draws). A
 * weight is {@code scale × z}: for the normal scheme {@code scale = 1/√fan-in} and {@code z} is
 * Box–Muller from two uniform draws, {@code u = 1 − nextDouble(), v = nextDouble()}, {@code z =
 * √(−2 ln u) cos(2πv)}; for the uniform schemes {@code scale} is the half-width and {@code z = 2
 * nextDouble() − 1}. The same network and seed give bit-identical parameters on every JVM ({@code
 * Random.nextGaussian} is not used); {@code lecun-normal} reproduces the seeded weights of {@code
 * obd bench --network}.
 */
public enum Initializer {
  /** Weights {@code N(0, 1/fan-in)}, biases 0. */
  LECUN_NORMAL {
    @Override
    double scale(int fanIn) {
      return 1.0 / Math.sqrt(fanIn);
    }

    @Override
    double unit(SplittableRandom random) {
      return standardNormal(random);
    }
  },
  /** Weights uniform on {@code ±√(3/fan-in)}, biases 0. */
  LECUN_UNIFORM {
    @Override
    double scale(int fanIn) {
      return Math.sqrt(3.0 / fanIn);
    }

    @Override
    double unit(SplittableRandom random) {
      return 2.0 * random.nextDouble() - 1.0;
    }
  },
  /** Weights uniform on {@code ±2.4/fan-in}, biases 0 (LeCun et al. 1989). */
  LECUN_1989 {
    @Override
    double scale(int fanIn) {
      return 2.4 / fanIn;
    }

    @Override
    double unit(SplittableRandom random) {
      return 2.0 * random.nextDouble() - 1.0;
    }
  };

  /** The scheme used when a config names none: {@code lecun-normal}. */
  public static final Initializer DEFAULT = LECUN_NORMAL;

  /** The factor of a block's unit draws: its standard deviation or half-width. */
  abstract double scale(int fanIn);

  /** One unit draw: standard normal, or uniform on [−1, 1). */
  abstract double unit(SplittableRandom random);

  /** The name used in configs, e.g. {@code lecun-normal}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * Looks up a scheme by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Initializer fromName(String name) {
    return ConfigNames.parse(Initializer.class, name, "initializer");
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return ConfigNames.list(Initializer.class);
  }

  /** The fan-in of a weight block: its size divided by its first extent (the outputs). */
  public static int fanIn(ParameterBlock block) {
    return block.size() / block.shape()[0];
  }

  /** The initial parameter vector of {@code network} for {@code seed} (biases 0). */
  public double[] parameters(Network network, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] theta = new double[network.parameterCount()];
    for (ParameterBlock block : network.blocks()) {
      if (block.bias()) {
        continue;
      }
      double scale = scale(fanIn(block));
      for (int k = block.offset(); k < block.end(); k++) {
        theta[k] = scale * unit(random);
      }
    }
    return theta;
  }

  /** {@code network} with the initial parameters for {@code seed} and nothing deleted. */
  public Model model(Network network, long seed) {
    return new Model(network, parameters(network, seed));
  }

  /** A standard normal draw by Box–Muller from two uniform draws. */
  static double standardNormal(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
