package org.obd.saliency;

import java.util.SplittableRandom;
import org.obd.core.Descriptor;

/**
 * {@code random}: independent uniform scores in {@code [0, 1)}, the baseline every measure must
 * beat. Score {@code k} is the {@code k}-th draw of a {@link SplittableRandom} seeded with option
 * {@code seed}, or the context's seed when absent, so the same seed gives the same score to a
 * parameter whatever else is deleted (deleted parameters score 0). Unitless. Cost: none.
 */
public final class RandomSaliency implements Saliency {

  /**
   * Options of {@code random}.
   *
   * @param seed seed of the scores; {@code null} uses the context's seed
   */
  public record Options(Long seed) {}

  /** The declaration. */
  public static final Descriptor<Options, Saliency> DESCRIPTOR =
      Descriptor.of(
          "random",
          "seeded uniform scores: the baseline a measure must beat",
          "the random baseline of e.g. Blalock et al. (2020), What is the State of Neural Network"
              + " Pruning?",
          new Options(null),
          RandomSaliency::new);

  private final Options options;

  /** The strategy with the given options. */
  public RandomSaliency(Options options) {
    this.options = options;
  }

  @Override
  public double[] scores(SaliencyContext context) {
    long seed = options.seed() != null ? options.seed() : context.seed();
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[context.network().parameterCount()];
    for (int k = 0; k < s.length; k++) {
      double u = r.nextDouble();
      s[k] = context.model().mask().isDeleted(k) ? 0.0 : u;
    }
    return s;
  }
}
