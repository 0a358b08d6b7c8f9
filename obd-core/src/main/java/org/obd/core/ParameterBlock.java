package org.obd.core;

import java.util.Arrays;

/**
 * A named, contiguous block of the flat parameter vector: one layer's weight tensor or its bias.
 *
 * @param name {@code layer<i>.weight} or {@code layer<i>.bias}, {@code i} counting layers from 0
 * @param layer index of the owning layer in the network
 * @param offset index of the block's first parameter in the flat vector
 * @param shape extents of the block, row-major (a copy is kept)
 * @param bias whether this block holds biases
 */
public record ParameterBlock(String name, int layer, int offset, int[] shape, boolean bias) {

  /** Copies the shape. */
  public ParameterBlock {
    shape = shape.clone();
  }

  /** Extents of the block (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of parameters in the block. */
  public int size() {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** One past the index of the block's last parameter. */
  public int end() {
    return offset + size();
  }

  /** The name of parameter {@code k} of this block, e.g. {@code layer0.weight[3][1]}. */
  public String parameterName(int k) {
    int local = k - offset;
    if (local < 0 || local >= size()) {
      throw new IndexOutOfBoundsException(
          "parameter " + k + " is outside block " + name + " [" + offset + ", " + end() + ")");
    }
    StringBuilder sb = new StringBuilder(name);
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = local % shape[d];
      local /= shape[d];
    }
    for (int i : idx) {
      sb.append('[').append(i).append(']');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterBlock b
        && name.equals(b.name)
        && layer == b.layer
        && offset == b.offset
        && bias == b.bias
        && Arrays.equals(shape, b.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset;
  }
}
