package org.obd.saliency;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many parameters one pruning step deletes, and among which.
 *
 * <p>YAML form: {@code scope: global | per-layer}, exactly one of {@code fraction} and
 * {@code count}, {@code include-biases} (default false).
 *
 * @param scope {@link Scope#GLOBAL} ranks all eligible parameters together;
 *     {@link Scope#PER_LAYER} ranks each layer's eligible parameters separately and applies
 *     {@code fraction} or {@code count} to each layer
 * @param fraction the share of the eligible parameters that <em>remain</em> (not of the original
 *     total) to delete, in {@code (0, 1]}: repeated steps shrink the network geometrically. The
 *     number is {@code round(fraction × remaining)}, at least 1 while any remain. Null when
 *     {@code count} is given.
 * @param count the number of eligible parameters to delete (per layer in per-layer scope), at
 *     least 1; null when {@code fraction} is given. Asking for more than remain is an error.
 * @param includeBiases whether biases may be deleted (key {@code include-biases}); by default only
 *     weights are
 */
public record PrunerConfig(
    Scope scope,
    Double fraction,
    Integer count,
    @JsonProperty("include-biases") boolean includeBiases) {

  /** Where parameters are ranked against each other. */
  public enum Scope {
    /** All eligible parameters in one ranking. */
    @JsonProperty("global")
    GLOBAL,
    /** One ranking per layer. */
    @JsonProperty("per-layer")
    PER_LAYER;

    /** The config name: {@code global} or {@code per-layer}. */
    @Override
    public String toString() {
      return this == GLOBAL ? "global" : "per-layer";
    }
  }

  /** Validates: exactly one of fraction and count, each in range; absent scope is global. */
  public PrunerConfig {
    if (scope == null) {
      scope = Scope.GLOBAL;
    }
    if ((fraction == null) == (count == null)) {
      throw new IllegalArgumentException(
          "pruner: give exactly one of 'fraction' and 'count', found "
              + (fraction == null ? "neither" : "fraction " + fraction + " and count " + count));
    }
    if (fraction != null && !(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "pruner: 'fraction' must be in (0, 1], found " + fraction);
    }
    if (count != null && count < 1) {
      throw new IllegalArgumentException("pruner: 'count' must be 1 or greater, found " + count);
    }
  }

  /** Deletes {@code count} weights per step, globally ranked. */
  public static PrunerConfig count(int count) {
    return new PrunerConfig(Scope.GLOBAL, null, count, false);
  }

  /** Deletes {@code fraction} of the remaining weights per step, globally ranked. */
  public static PrunerConfig fraction(double fraction) {
    return new PrunerConfig(Scope.GLOBAL, fraction, null, false);
  }

  /** The same with another scope. */
  public PrunerConfig withScope(Scope s) {
    return new PrunerConfig(s, fraction, count, includeBiases);
  }

  /** The same with biases eligible or not. */
  public PrunerConfig withIncludeBiases(boolean include) {
    return new PrunerConfig(scope, fraction, count, include);
  }
}
