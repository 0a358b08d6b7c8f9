package org.obd.core;

import java.util.Arrays;

/**
 * An immutable trained (or initialised) model: a {@link Network}, its flat parameter vector and
 * its {@link Mask}. Deleted parameters are exactly 0.
 */
public final class Model {

  private final Network network;
  private final double[] parameters;
  private final Mask mask;

  /**
   * Copies {@code parameters}.
   *
   * @throws IllegalArgumentException if the lengths do not match the network, a value is not
   *     finite, or a deleted parameter is not 0
   */
  public Model(Network network, double[] parameters, Mask mask) {
    if (parameters.length != network.parameterCount()) {
      throw new IllegalArgumentException(
          "network has " + network.parameterCount() + " parameters but " + parameters.length
              + " values were given");
    }
    if (mask.size() != network.parameterCount()) {
      throw new IllegalArgumentException(
          "network has " + network.parameterCount() + " parameters but the mask covers "
              + mask.size());
    }
    for (int k = 0; k < parameters.length; k++) {
      if (!Double.isFinite(parameters[k])) {
        throw new IllegalArgumentException(
            "parameter " + network.blockOf(k).parameterName(k) + " must be finite, found "
                + parameters[k]);
      }
      if (parameters[k] != 0.0 && mask.isDeleted(k)) {
        throw new IllegalArgumentException(
            "parameter " + network.blockOf(k).parameterName(k)
                + " is deleted by the mask and must be 0, found " + parameters[k]);
      }
    }
    this.network = network;
    this.parameters = parameters.clone();
    this.mask = mask;
  }

  /** A model with nothing deleted. */
  public Model(Network network, double[] parameters) {
    this(network, parameters, Mask.none(network.parameterCount()));
  }

  /** The architecture. */
  public Network network() {
    return network;
  }

  /** A copy of the parameter vector. */
  public double[] parameters() {
    return parameters.clone();
  }

  /** Parameter {@code k}. */
  public double parameter(int k) {
    return parameters[k];
  }

  /** The mask. */
  public Mask mask() {
    return mask;
  }

  /** The same model with other parameters; entries the mask deletes are set to 0. */
  public Model withParameters(double[] values) {
    double[] v = values.clone();
    if (v.length == mask.size()) {
      mask.apply(v);
    }
    return new Model(network, v, mask);
  }

  /** The same model with another mask; the parameters it deletes are set to 0. */
  public Model withMask(Mask newMask) {
    double[] v = parameters.clone();
    newMask.apply(v);
    return new Model(network, v, newMask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Model m
        && m.network.equals(network)
        && Arrays.equals(m.parameters, parameters)
        && m.mask.equals(mask);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parameters) * 31 + mask.hashCode();
  }
}
