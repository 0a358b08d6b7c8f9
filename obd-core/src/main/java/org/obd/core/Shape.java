package org.obd.core;

/**
 * The shape of the values flowing between layers, for one sample: {@code channels × height × width}.
 *
 * <p>A flat vector of {@code n} values is {@code n × 1 × 1} ({@link #flat(int)}). Values are stored
 * channel-major: the element {@code (c, i, j)} of a sample sits at index
 * {@code (c * height + i) * width + j} of that sample's row.
 *
 * @param channels number of channels (feature maps), at least 1
 * @param height rows of each channel, at least 1
 * @param width columns of each channel, at least 1
 */
public record Shape(int channels, int height, int width) {

  /** Validates that every extent is positive. */
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape extents must be 1 or greater, found " + channels + "x" + height + "x" + width);
    }
  }

  /** A flat shape of {@code n} values. */
  public static Shape flat(int n) {
    return new Shape(n, 1, 1);
  }

  /** Number of values of one sample. */
  public int size() {
    return Math.multiplyExact(Math.multiplyExact(channels, height), width);
  }

  /** Whether this shape is a plain vector (height and width 1). */
  public boolean isFlat() {
    return height == 1 && width == 1;
  }

  @Override
  public String toString() {
    return isFlat() ? "[" + channels + "]" : "[" + channels + "x" + height + "x" + width + "]";
  }
}
