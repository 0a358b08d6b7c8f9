package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * Reads a {@code channels × height × width} input as a flat vector of the same values, in the
 * channel-major order of {@link Shape}. No parameters; activation is always identity.
 */
public final class Flatten extends Layer {

  /** @param input the shape of the incoming values */
  public Flatten(Shape input) {
    super(input, Shape.flat(input.size()), Activation.IDENTITY);
  }

  @Override
  public String type() {
    return "flatten";
  }

  @Override
  public int[] weightShape() {
    return new int[0];
  }

  @Override
  public int biasCount() {
    return 0;
  }

  @Override
  int weightRows() {
    return 0;
  }

  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    copyOrAdd(x, out, add);
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    copyOrAdd(g, gx, add);
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    // no weights
  }

  private static void copyOrAdd(DMatrixRMaj from, DMatrixRMaj to, boolean add) {
    int n = from.numRows * from.numCols;
    if (add) {
      for (int i = 0; i < n; i++) {
        to.data[i] += from.data[i];
      }
    } else {
      System.arraycopy(from.data, 0, to.data, 0, n);
    }
  }
}
