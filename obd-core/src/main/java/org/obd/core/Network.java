package org.obd.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable feed-forward architecture: an input {@link Shape} and a sequence of {@link Layer}s,
 * each reading the previous one's output. Parameters are not part of the network; they live in one
 * flat vector of {@link #parameterCount()} values indexed layer by layer, each layer's weight
 * tensor row-major then its bias, described by {@link #blocks()}.
 *
 * <p>Build one with {@link #builder(Shape)}.
 */
public final class Network {

  private final Shape input;
  private final List<Layer> layers;
  private final List<ParameterBlock> blocks;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int parameterCount;

  private Network(Shape input, List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    this.input = input;
    this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
    List<ParameterBlock> bl = new ArrayList<>();
    weightOffset = new int[layers.size()];
    biasOffset = new int[layers.size()];
    int offset = 0;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      weightOffset[i] = offset;
      if (l.weightCount() > 0) {
        bl.add(new ParameterBlock("layer" + i + ".weight", i, offset, l.weightShape(), false));
        offset = Math.addExact(offset, l.weightCount());
      }
      biasOffset[i] = offset;
      if (l.biasCount() > 0) {
        bl.add(new ParameterBlock("layer" + i + ".bias", i, offset, new int[] {l.biasCount()}, true));
        offset = Math.addExact(offset, l.biasCount());
      }
    }
    this.blocks = Collections.unmodifiableList(bl);
    this.parameterCount = offset;
  }

  /** Starts a network whose samples have the given shape. */
  public static Builder builder(Shape input) {
    return new Builder(input);
  }

  /** Shape of one input sample. */
  public Shape inputShape() {
    return input;
  }

  /** Shape of one output sample (the last layer's output). */
  public Shape outputShape() {
    return layers.get(layers.size() - 1).outputShape();
  }

  /** The layers, in order (unmodifiable). */
  public List<Layer> layers() {
    return layers;
  }

  /** Total number of trainable parameters P. */
  public int parameterCount() {
    return parameterCount;
  }

  /** The parameter blocks in index order (unmodifiable). */
  public List<ParameterBlock> blocks() {
    return blocks;
  }

  /** Index of layer {@code i}'s first weight (equal to its bias offset when it has no weights). */
  public int weightOffset(int layer) {
    return weightOffset[layer];
  }

  /** Index of layer {@code i}'s first bias. */
  public int biasOffset(int layer) {
    return biasOffset[layer];
  }

  /** The block that holds parameter {@code k}. */
  public ParameterBlock blockOf(int k) {
    if (k < 0 || k >= parameterCount) {
      throw new IndexOutOfBoundsException(
          "parameter index " + k + " is outside 0.." + (parameterCount - 1));
    }
    for (ParameterBlock b : blocks) {
      if (k < b.end()) {
        return b;
      }
    }
    throw new AssertionError(k);
  }

  /** Names of all parameters in index order, e.g. {@code layer0.weight[2][5]}, {@code layer0.bias[2]}. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>(parameterCount);
    for (ParameterBlock b : blocks) {
      for (int k = b.offset(); k < b.end(); k++) {
        names.add(b.parameterName(k));
      }
    }
    return names;
  }

  /** Whether parameter {@code k} is a bias. */
  public boolean isBias(int k) {
    return blockOf(k).bias();
  }

  /** Networks are equal when their input shapes and layer sequences (types, sizes, activations) are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Network n && n.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** A one-line description of the input shape and every layer. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Network" + input);
    for (Layer l : layers) {
      sb.append(" | ").append(l);
    }
    return sb.toString();
  }

  /** Adds layers one after another; each reads the previous layer's output shape. */
  public static final class Builder {
    private final Shape input;
    private final List<Layer> layers = new ArrayList<>();

    private Builder(Shape input) {
      this.input = input;
    }

    /** Shape of the values the next layer will read. */
    public Shape current() {
      return layers.isEmpty() ? input : layers.get(layers.size() - 1).outputShape();
    }

    /** A fully connected layer of {@code out} units reading all current values. */
    public Builder dense(int out, Activation activation) {
      layers.add(new Dense(current(), out, activation));
      return this;
    }

    /** A convolution; see {@link Conv2d}. */
    public Builder conv2d(int outChannels, int kh, int kw, int stride, Activation activation) {
      layers.add(new Conv2d(current(), outChannels, kh, kw, stride, activation));
      return this;
    }

    /** Average pooling over {@code size × size} windows; see {@link AvgPool}. */
    public Builder avgpool(int size, Activation activation) {
      layers.add(new AvgPool(current(), size, activation));
      return this;
    }

    /** Reads the current values as a flat vector. */
    public Builder flatten() {
      layers.add(new Flatten(current()));
      return this;
    }

    /** The network. */
    public Network build() {
      return new Network(input, layers);
    }
  }
}
