package org.obd.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Shape;

/**
 * jqwik generators for the objects of obd-core: small networks, parameters, masks, data sets and
 * whole {@link Problem}s — the one place random models come from. Each is small and named, and
 * the larger ones are composed from the smaller ones; use them from an {@code @Provide} method:
 *
 * <pre>{@code
 * @Provide Arbitrary<Problem> problems() { return ObdArbitraries.problems(); }
 *
 * @Property(tries = 200, seed = "42")
 * void gradientIsRight(@ForAll("problems") Problem p) { ... }
 * }</pre>
 *
 * <p>Networks are kept to at most {@value #MAX_PARAMETERS} parameters so that exact Hessian
 * diagonals (one Hessian-vector product per parameter) and finite differences stay cheap.
 * Structure (layer counts, widths, kernels, activations, losses, sample counts, masks) shrinks
 * like any jqwik value; parameter and data values are drawn in one piece from jqwik's random
 * source ({@link Arbitraries#randomValue}): reproducible under the property's seed, Gaussian, and
 * not shrunk.
 *
 * <p><b>Relu kinks.</b> The generators do not steer relu pre-activations away from 0: no choice
 * of one bias per unit keeps every sample's pre-activation away from 0, and filtering on a margin
 * would discard most convolutional relu networks (hundreds of pre-activations each). Instead the
 * estimates of {@link FiniteDifferences} detect exactly when a relu pre-activation would change
 * sign within one step and discard that try. With continuous Gaussian values this is rare:
 * measured over 4000 problems from {@link #problems()}, computing all four estimates discarded
 * about 0.15% of them.
 */
public final class ObdArbitraries {

  /** Largest parameter count P of a generated network. */
  public static final int MAX_PARAMETERS = 80;

  /** Standard deviation of generated parameters. */
  public static final double PARAMETER_SCALE = 0.5;

  /** Largest number of samples in the data set of a generated {@link Problem}. */
  public static final int MAX_SAMPLES = 6;

  private ObdArbitraries() {}

  /** Every {@link Activation}, uniformly. */
  public static Arbitrary<Activation> activations() {
    return Arbitraries.of(Activation.class);
  }

  /**
   * The piecewise-linear activations ({@link Activation#isPiecewiseLinear()}: identity, relu),
   * uniformly: networks built from them have {@code f'' = 0} everywhere.
   */
  public static Arbitrary<Activation> piecewiseLinearActivations() {
    return Arbitraries.of(
        Arrays.stream(Activation.values()).filter(Activation::isPiecewiseLinear).toList());
  }

  /** Every {@link Loss}, uniformly. */
  public static Arbitrary<Loss> losses() {
    return Arbitraries.of(Loss.class);
  }

  /** One dense layer of a generated network. */
  private record DenseSpec(int width, Activation activation) {}

  /**
   * Fully connected networks: 1–5 inputs, then 1–3 dense layers of 1–5 units, each with any
   * activation; at most {@value #MAX_PARAMETERS} parameters.
   */
  public static Arbitrary<Network> networks() {
    return denseNetworks(3, activations());
  }

  /**
   * Fully connected networks with at most one hidden layer: as {@link #networks()} with 1–2 dense
   * layers (the output layer, and at most one below it), each with any activation.
   */
  public static Arbitrary<Network> shallowNetworks() {
    return denseNetworks(2, activations());
  }

  /**
   * Fully connected networks as {@link #networks()} whose activations are all
   * {@link #piecewiseLinearActivations() piecewise linear}.
   */
  public static Arbitrary<Network> piecewiseLinearNetworks() {
    return denseNetworks(3, piecewiseLinearActivations());
  }

  /**
   * Fully connected networks: 1–5 inputs, then 1–{@code maxLayers} dense layers of 1–5 units,
   * each with an activation from {@code activations}; at most {@value #MAX_PARAMETERS} parameters.
   *
   * @param maxLayers at least 1
   */
  public static Arbitrary<Network> denseNetworks(
      int maxLayers, Arbitrary<Activation> activations) {
    if (maxLayers < 1) {
      throw new IllegalArgumentException("maxLayers must be 1 or greater, found " + maxLayers);
    }
    Arbitrary<Integer> inputs = Arbitraries.integers().between(1, 5);
    Arbitrary<DenseSpec> layer =
        Combinators.combine(Arbitraries.integers().between(1, 5), activations)
            .as(DenseSpec::new);
    Arbitrary<List<DenseSpec>> layers = layer.list().ofMinSize(1).ofMaxSize(maxLayers);
    return Combinators.combine(inputs, layers)
        .as(ObdArbitraries::denseNetwork)
        .filter(ObdArbitraries::small);
  }

  private static Network denseNetwork(int inputs, List<DenseSpec> layers) {
    Network.Builder b = Network.builder(Shape.flat(inputs));
    for (DenseSpec l : layers) {
      b.dense(l.width(), l.activation());
    }
    return b.build();
  }

  /** Input shapes of convolutional networks: 1–2 channels of 4–7 × 4–7 values. */
  public static Arbitrary<Shape> imageShapes() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 2),
            Arbitraries.integers().between(4, 7),
            Arbitraries.integers().between(4, 7))
        .as(Shape::new);
  }

  /**
   * Convolutional networks on {@link #imageShapes()}: a conv2d layer (1–2 output channels, kernel
   * 1–3 × 1–3, stride 1–2, any activation), an optional 2 × 2 average pooling with any activation
   * (only where the feature maps are at least 2 × 2), flatten, and a dense output layer of 1–3
   * units with any activation; at most {@value #MAX_PARAMETERS} parameters.
   */
  public static Arbitrary<Network> convNetworks() {
    return convNetworks(activations());
  }

  /**
   * Convolutional networks as {@link #convNetworks()} whose activations are all
   * {@link #piecewiseLinearActivations() piecewise linear}.
   */
  public static Arbitrary<Network> piecewiseLinearConvNetworks() {
    return convNetworks(piecewiseLinearActivations());
  }

  /**
   * Convolutional networks as {@link #convNetworks()}, every activation (conv, pooling, output)
   * drawn from {@code activations}.
   */
  public static Arbitrary<Network> convNetworks(Arbitrary<Activation> activations) {
    return imageShapes()
        .flatMap(
            in ->
                Combinators.combine(
                        Arbitraries.integers().between(1, 2),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 2),
                        activations,
                        activations.optional(),
                        Arbitraries.integers().between(1, 3),
                        activations)
                    .as(
                        (channels, kh, kw, stride, conv, pool, out, outAct) ->
                            convNetwork(in, channels, kh, kw, stride, conv, pool, out, outAct)))
        .filter(ObdArbitraries::small);
  }

  private static Network convNetwork(
      Shape in,
      int channels,
      int kh,
      int kw,
      int stride,
      Activation conv,
      Optional<Activation> pool,
      int out,
      Activation outAct) {
    Network.Builder b = Network.builder(in).conv2d(channels, kh, kw, stride, conv);
    Shape maps = b.current();
    if (pool.isPresent() && maps.height() >= 2 && maps.width() >= 2) {
      b.avgpool(2, pool.get());
    }
    return b.flatten().dense(out, outAct).build();
  }

  /** {@link #networks()} or {@link #convNetworks()}, equally often. */
  public static Arbitrary<Network> anyNetworks() {
    return Arbitraries.oneOf(networks(), convNetworks());
  }

  private static boolean small(Network n) {
    return n.parameterCount() <= MAX_PARAMETERS;
  }

  /**
   * Parameter vectors for {@code network}: independent Gaussian values, mean 0, standard deviation
   * {@value #PARAMETER_SCALE}, in the network's parameter order.
   */
  public static Arbitrary<double[]> parameters(Network network) {
    return Arbitraries.randomValue(r -> parameters(network, r));
  }

  /**
   * One draw of {@link #parameters(Network)} from {@code random}, for fixed seeded cases outside
   * properties.
   */
  static double[] parameters(Network network, Random random) {
    return gaussians(random, network.parameterCount(), PARAMETER_SCALE);
  }

  /**
   * Masks over {@code size} parameters: the empty mask one time in five, otherwise a random subset
   * whose size is uniform over {@code 0..size} (so masks deleting almost everything occur too).
   *
   * @param size number of parameters P, at least 0
   */
  public static Arbitrary<Mask> masks(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("mask size must be 0 or greater, found " + size);
    }
    Arbitrary<Mask> none = Arbitraries.just(Mask.none(size));
    if (size == 0) {
      return none;
    }
    Arbitrary<Mask> subsets =
        Arbitraries.integers()
            .between(0, size - 1)
            .set()
            .ofMaxSize(size)
            .withSizeDistribution(RandomDistribution.uniform())
            .map(deleted -> Mask.of(size, indices(deleted)));
    return Arbitraries.frequencyOf(Tuple.of(1, none), Tuple.of(4, subsets));
  }

  private static int[] indices(Set<Integer> set) {
    return set.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * Data sets of {@code n} samples for {@code network}: standard Gaussian inputs; for
   * {@code softmax-cross-entropy} one-hot targets of a uniformly drawn class, for {@code mse}
   * standard Gaussian targets.
   *
   * @param n number of samples, at least 1
   */
  public static Arbitrary<Dataset> datasets(Network network, Loss loss, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("number of samples must be 1 or greater, found " + n);
    }
    return Arbitraries.randomValue(r -> dataset(network, loss, n, r));
  }

  /**
   * One draw of {@link #datasets(Network, Loss, int)} from {@code random}, for fixed seeded cases
   * outside properties.
   */
  static Dataset dataset(Network network, Loss loss, int n, Random random) {
    int d = network.inputShape().size();
    int c = network.outputShape().size();
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = gaussians(random, d, 1.0);
      if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
        y[i] = new double[c];
        y[i][random.nextInt(c)] = 1.0;
      } else {
        y[i] = gaussians(random, c, 1.0);
      }
    }
    return Dataset.of(x, y);
  }

  /** {@link #problems(Arbitrary)} over {@link #anyNetworks()}. */
  public static Arbitrary<Problem> problems() {
    return problems(anyNetworks());
  }

  /**
   * Problems on the given networks: any loss, 1–{@value #MAX_SAMPLES} samples from
   * {@link #datasets}, parameters from {@link #parameters} and a mask from {@link #masks} applied
   * with {@code Model.withMask} (so deleted parameters are exactly 0).
   */
  public static Arbitrary<Problem> problems(Arbitrary<Network> networks) {
    return problems(networks, 1, MAX_SAMPLES);
  }

  /**
   * Problems as {@link #problems(Arbitrary)} with {@code minSamples..maxSamples} samples (for
   * example, many samples to exercise minibatching and threads).
   *
   * @param minSamples at least 1
   * @param maxSamples at least {@code minSamples}
   */
  public static Arbitrary<Problem> problems(
      Arbitrary<Network> networks, int minSamples, int maxSamples) {
    return problems(networks, losses(), minSamples, maxSamples);
  }

  /**
   * Problems as {@link #problems(Arbitrary)} with the loss drawn from {@code losses} (for example
   * {@code Arbitraries.just(Loss.MSE)}) and {@code minSamples..maxSamples} samples.
   *
   * @param minSamples at least 1
   * @param maxSamples at least {@code minSamples}
   */
  public static Arbitrary<Problem> problems(
      Arbitrary<Network> networks, Arbitrary<Loss> losses, int minSamples, int maxSamples) {
    if (minSamples < 1 || maxSamples < minSamples) {
      throw new IllegalArgumentException(
          "sample counts must satisfy 1 <= minSamples <= maxSamples, found " + minSamples + " and "
              + maxSamples);
    }
    Arbitrary<Integer> samples = Arbitraries.integers().between(minSamples, maxSamples);
    return Combinators.combine(networks, losses, samples)
        .flatAs(
            (net, loss, n) ->
                Combinators.combine(
                        parameters(net), masks(net.parameterCount()), datasets(net, loss, n))
                    .as(
                        (theta, mask, data) ->
                            new Problem(net, loss, new Model(net, theta).withMask(mask), data)));
  }

  /**
   * Directions for Hessian-vector products on {@code network}: independent standard Gaussian
   * values, one per parameter (deleted entries included; products must ignore them).
   */
  public static Arbitrary<double[]> directions(Network network) {
    int p = network.parameterCount();
    return Arbitraries.randomValue(r -> gaussians(r, p, 1.0));
  }

  private static double[] gaussians(Random r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }
}
