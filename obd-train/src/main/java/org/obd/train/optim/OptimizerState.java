package org.obd.train.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an {@link Optimizer}'s complete state: named per-parameter vectors (momenta,
 * curvature estimates, quasi-Newton pairs; each of length {@code P}, deleted entries {@code +0.0})
 * and named scalars (step counts, flags as 0/1). Immutable: the constructor copies the maps and
 * arrays and {@link #vectors()} returns copies. Equality compares arrays by content, bit for bit
 * ({@link Arrays#equals(double[], double[])}: {@code 0.0} and {@code -0.0} differ).
 *
 * @param optimizer the config name of the optimizer the state belongs to, e.g. {@code adam}
 * @param vectors name → vector, in the optimizer's order
 * @param scalars name → value, in the optimizer's order
 */
public record OptimizerState(
    String optimizer, Map<String, double[]> vectors, Map<String, Double> scalars) {

  /** Copies both maps and every array; rejects null names, keys and values. */
  public OptimizerState {
    Objects.requireNonNull(optimizer, "optimizer");
    Map<String, double[]> v = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : Objects.requireNonNull(vectors, "vectors").entrySet()) {
      v.put(Objects.requireNonNull(e.getKey(), "vector name"),
          Objects.requireNonNull(e.getValue(), "vector '" + e.getKey() + "'").clone());
    }
    Map<String, Double> s = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : Objects.requireNonNull(scalars, "scalars").entrySet()) {
      s.put(Objects.requireNonNull(e.getKey(), "scalar name"),
          Objects.requireNonNull(e.getValue(), "scalar '" + e.getKey() + "'"));
    }
    vectors = Collections.unmodifiableMap(v);
    scalars = Collections.unmodifiableMap(s);
  }

  /** Name → a copy of each vector (unmodifiable map, in the optimizer's order). */
  @Override
  public Map<String, double[]> vectors() {
    Map<String, double[]> v = new LinkedHashMap<>();
    vectors.forEach((k, a) -> v.put(k, a.clone()));
    return Collections.unmodifiableMap(v);
  }

  /**
   * Requires this to be a state of {@code expected}.
   *
   * @throws IllegalArgumentException naming both optimizers
   */
  public void requireOptimizer(String expected) {
    if (!optimizer.equals(expected)) {
      throw new IllegalArgumentException(
          "cannot restore a state of optimizer '" + optimizer + "' into optimizer '" + expected
              + "'; expected a state of '" + expected + "'");
    }
  }

  /**
   * Requires exactly these vector and scalar names, and every vector of {@code length} entries;
   * an optimizer's {@code restore} calls it before it changes anything.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected entry and the
   *     expected names, or the first vector of another length and the expected length
   */
  public void requireEntries(
      Collection<String> vectorNames, int length, Collection<String> scalarNames) {
    requireNames("vector", vectors.keySet(), vectorNames);
    requireNames("scalar", scalars.keySet(), scalarNames);
    for (Map.Entry<String, double[]> e : vectors.entrySet()) {
      if (e.getValue().length != length) {
        throw new IllegalArgumentException(
            "optimizer '" + optimizer + "' state: vector '" + e.getKey() + "' has "
                + e.getValue().length + " entries, expected " + length + " (one per parameter)");
      }
    }
  }

  private void requireNames(String kind, Collection<String> found, Collection<String> expected) {
    for (String name : expected) {
      if (!found.contains(name)) {
        throw new IllegalArgumentException(
            "optimizer '" + optimizer + "' state: missing " + kind + " '" + name + "'; expected "
                + kind + "s " + expected);
      }
    }
    for (String name : found) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException(
            "optimizer '" + optimizer + "' state: unexpected " + kind + " '" + name
                + "'; expected " + kind + "s " + expected);
      }
    }
  }

  /**
   * Copies vector {@code name} into {@code into}.
   *
   * @throws IllegalArgumentException naming the vector when it is missing or its length is not
   *     {@code into.length}
   */
  public void copyVector(String name, double[] into) {
    double[] v = vectors.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "optimizer '" + optimizer + "' state: missing vector '" + name + "'; it has "
              + vectors.keySet());
    }
    if (v.length != into.length) {
      throw new IllegalArgumentException(
          "optimizer '" + optimizer + "' state: vector '" + name + "' has " + v.length
              + " entries, expected " + into.length + " (one per parameter)");
    }
    System.arraycopy(v, 0, into, 0, v.length);
  }

  /**
   * The value of scalar {@code name}.
   *
   * @throws IllegalArgumentException naming the scalar when it is missing
   */
  public double scalar(String name) {
    Double s = scalars.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "optimizer '" + optimizer + "' state: missing scalar '" + name + "'; it has "
              + scalars.keySet());
    }
    return s;
  }

  /**
   * The value of scalar {@code name} as a count in {@code 0..max}.
   *
   * @param meaning what the count is, for the message
   * @throws IllegalArgumentException naming the scalar, what it means and the range when it is
   *     missing or not such an integer
   */
  public long count(String name, long max, String meaning) {
    double s = scalar(name);
    if (!(s >= 0 && s <= max) || s != Math.rint(s)) {
      throw new IllegalArgumentException(
          "optimizer '" + optimizer + "' state: scalar '" + name + "' (" + meaning
              + ") must be an integer in 0.." + max + ", found " + s);
    }
    return (long) s;
  }

  /**
   * The value of scalar {@code name} as a flag: 1 is true, 0 false.
   *
   * @throws IllegalArgumentException naming the scalar when it is missing or neither 0 nor 1
   */
  public boolean flag(String name) {
    double s = scalar(name);
    if (s != 0 && s != 1) {
      throw new IllegalArgumentException(
          "optimizer '" + optimizer + "' state: scalar '" + name + "' must be 0 or 1, found " + s);
    }
    return s == 1;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OptimizerState other)
        || !optimizer.equals(other.optimizer)
        || !scalars.equals(other.scalars)
        || !vectors.keySet().equals(other.vectors.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : vectors.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.vectors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * optimizer.hashCode() + scalars.hashCode();
    for (Map.Entry<String, double[]> e : vectors.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    List<String> v = new ArrayList<>();
    vectors.forEach((k, a) -> v.add(k + "[" + a.length + "]"));
    return "OptimizerState[" + optimizer + ", vectors " + v + ", scalars " + scalars + "]";
  }
}
