package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * One layer of a {@link Network}: a map {@code a = L(x; W) + b} that is linear in its input
 * {@code x} and in its weights {@code W} (bilinear), followed by an element-wise
 * {@link Activation} {@code f}, giving the layer's output {@code f(a)}.
 *
 * <p>Every derivative product the framework needs (gradient, R-operator Hessian-vector product,
 * second-order backward passes) is composed from the three products each layer implements once:
 * {@code L(x; W)}, its transpose with respect to the input {@code L(·; W)ᵀ g}, and its transpose
 * with respect to the weights {@code L(x; ·)ᵀ g}. Values are batched: each matrix row holds one
 * sample (or, in second-order passes, one column of a factor), laid out as {@link Shape} says.
 *
 * <p>Layers are immutable and hold no parameters; parameters live in one flat vector indexed as
 * {@link Network} says (layer by layer; the weight tensor row-major, then the bias).
 */
public abstract sealed class Layer permits Dense, Conv2d, AvgPool, Flatten {

  private final Shape input;
  private final Shape output;
  private final Activation activation;

  Layer(Shape input, Shape output, Activation activation) {
    this.input = input;
    this.output = output;
    this.activation = activation;
  }

  /** The model-file type name: {@code dense}, {@code conv2d}, {@code avgpool}, {@code flatten}. */
  public abstract String type();

  /** Shape of one input sample. */
  public Shape inputShape() {
    return input;
  }

  /** Shape of one output sample. */
  public Shape outputShape() {
    return output;
  }

  /** The element-wise activation applied after the linear map. */
  public Activation activation() {
    return activation;
  }

  /** Extents of the weight tensor (row-major); empty when the layer has no weights. */
  public abstract int[] weightShape();

  /** Number of weights, computed once ({@link #weightShape()} allocates its copy). */
  private int weightCount = -1;

  /** Number of weights (product of {@link #weightShape()}), 0 for parameter-free layers. */
  public int weightCount() {
    int n = weightCount;
    if (n < 0) {
      int[] s = weightShape();
      n = s.length == 0 ? 0 : 1;
      for (int e : s) {
        n = Math.multiplyExact(n, e);
      }
      weightCount = n;
    }
    return n;
  }

  /** Number of biases, 0 for parameter-free layers. */
  public abstract int biasCount();

  /** Number of trainable parameters: weights then biases. */
  public int parameterCount() {
    return weightCount() + biasCount();
  }

  // ---------------------------------------------------------------------------------------------
  // The products every derivative is composed from. Package-private: the curvature methods are
  // their only callers. All are batch-wise over the first `rows` rows; none allocates once the
  // work buffer exists.

  /** Rows and columns of the weight matrix used by the products (weights row-major). */
  abstract int weightRows();

  /** Columns of the weight matrix. */
  int weightCols() {
    return weightRows() == 0 ? 0 : weightCount() / weightRows();
  }

  /** Per-thread scratch space for the products on at most {@code maxRows} rows. */
  Object newWork(int maxRows) {
    return null;
  }

  /** {@code out (+)= L(x; W)}: overwrite, or add when {@code add}. */
  abstract void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work);

  /** {@code gx (+)= L(·; W)ᵀ g}, the transpose of the input Jacobian applied to each row of g. */
  abstract void linearTransposeInput(
      DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work);

  /** {@code gw += Σ_rows L(x_r; ·)ᵀ g_r}, the weight Jacobian's transpose summed over rows. */
  abstract void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work);

  /**
   * {@code gw += Σ_rows L(x_r∘x_r; ·)ᵀ g_r}: {@link #linearTransposeWeightAdd} on the squared
   * inputs (the weight diagonal of a diagonal curvature {@code g} in the pre-activations). Here
   * the inputs are squared into {@code x2} (reshaped) first; a layer whose products can square
   * them as they read them needs no copy.
   */
  void squaredInputTransposeWeightAdd(
      DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj x2, DMatrixRMaj gw, Object work) {
    x2.reshape(x.numRows, x.numCols, false);
    double[] xd = x.data;
    double[] d = x2.data;
    for (int i = 0, n = x.getNumElements(); i < n; i++) {
      d[i] = xd[i] * xd[i];
    }
    linearTransposeWeightAdd(g, x2, gw, work);
  }

  /**
   * {@code gx = L(·; W∘W)ᵀ g}: the input transpose with every coefficient of the linear map squared
   * ({@code w2} holds {@code W∘W} for weighted layers). Backpropagates a diagonal of second
   * derivatives when cross terms are dropped (Becker &amp; LeCun).
   */
  void squaredTransposeInput(DMatrixRMaj g, DMatrixRMaj w2, DMatrixRMaj gx, Object work) {
    linearTransposeInput(g, w2, gx, false, work);
  }

  /**
   * Adds {@code Σ_r sign[r] · (L(x_{r/perSample}; ·)ᵀ g_r)²} (element-wise square of each row's
   * weight gradient) into {@code sqW}, and the same for the bias gradient into {@code sqB}. Row
   * {@code r} of {@code g} belongs to sample {@code r / perSample} of {@code x}. Parameter-free
   * layers do nothing.
   */
  void squaredRowGradientsAdd(
      DMatrixRMaj g, int perSample, double[] sign, DMatrixRMaj x, DMatrixRMaj sqW,
      DMatrixRMaj sqB, Object work) {
    // parameter-free layers: nothing to add
  }

  /**
   * Factor rows with at most this share of non-zeros take the sparse paths: the rows of the
   * second-order passes start one-hot and stay sparse for a layer or two.
   */
  static final double SPARSE = 0.25;

  /**
   * A buffer for {@link #nonZeroIndices} on rows {@code width} wide: room for the non-zeros of a
   * sparse row, plus one; its length minus one is the limit to pass.
   */
  static int[] sparseIndexBuffer(int width) {
    return new int[(int) (SPARSE * width) + 1];
  }

  /**
   * The positions (from 0) of the non-zeros among {@code n} values of {@code d} from {@code from},
   * in order, into {@code idx}: their number, or -1 as soon as there are more than {@code limit}
   * (a factor row too dense for a sparse path).
   */
  static int nonZeroIndices(double[] d, int from, int n, int limit, int[] idx) {
    int nz = 0;
    for (int i = 0; i < n; i++) {
      if (d[from + i] != 0.0) {
        if (nz == limit) {
          return -1;
        }
        idx[nz++] = i;
      }
    }
    return nz;
  }

  /**
   * Whether {@link #squaredRowGradientsAdd} forms each row's parameter gradient explicitly (shared
   * weights: a row's gradient is not an outer product), so that {@link #rowGradients} is
   * available.
   */
  boolean formsRowGradients() {
    return false;
  }

  /**
   * The parameter gradients {@code L(x_n; ·)ᵀ g_r} of rows {@code 0 .. count-1} of {@code g}, all
   * of sample {@code n} of {@code x}, unsquared: row {@code r} into {@code out[r·P ..]}, {@code P =
   * weightCount() + biasCount()}, the weights in their matrix's order, then the biases. Row {@code
   * r}'s non-zeros are at the positions {@code idx[ptr[r] .. ptr[r+1]-1]} (ascending; the rest of
   * the row is zero). Only where {@link #formsRowGradients}.
   */
  void rowGradients(
      DMatrixRMaj g, int count, int[] ptr, int[] idx, DMatrixRMaj x, int n, double[] out,
      Object work) {
    throw new UnsupportedOperationException(type() + " does not form row gradients");
  }

  /** {@code out += b} broadcast to every row (dense: per unit; conv: per channel). */
  void addBias(DMatrixRMaj out, DMatrixRMaj b) {
    addBias(out, b.data, 0);
  }

  /** {@link #addBias(DMatrixRMaj, DMatrixRMaj)} with the biases at {@code bias[offset ..]}. */
  void addBias(DMatrixRMaj out, double[] bias, int offset) {
    int rows = out.numRows;
    int cols = out.numCols;
    int per = cols / biasCount();
    double[] od = out.data;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < biasCount(); c++) {
        double v = bias[offset + c];
        int start = base + c * per;
        for (int i = 0; i < per; i++) {
          od[start + i] += v;
        }
      }
    }
  }

  /** {@code gb += Σ_rows} the bias-transpose of {@code g} (sums over rows and positions). */
  void biasTransposeAdd(DMatrixRMaj g, DMatrixRMaj gb) {
    biasTranspose(g, gb.data, 0, false);
  }

  /**
   * {@link #biasTransposeAdd} into {@code out[offset ..]}: row by row, each bias's sum over its
   * positions (from 0, in order) is added; with {@code assign} the first row's is written as {@code
   * 0.0 + sum} (the bits of adding it to a zeroed accumulator).
   */
  void biasTranspose(DMatrixRMaj g, double[] out, int offset, boolean assign) {
    int rows = g.numRows;
    int cols = g.numCols;
    int per = cols / biasCount();
    double[] gd = g.data;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < biasCount(); c++) {
        double s = 0;
        int start = base + c * per;
        for (int i = 0; i < per; i++) {
          s += gd[start + i];
        }
        out[offset + c] = assign && r == 0 ? 0.0 + s : out[offset + c] + s;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Flat products: the same maps with the weights read straight from the parameter vector and the
  // weight gradient written straight into a vector in parameter order, for passes of small chunks,
  // where copying every weight into a matrix and every gradient out of one costs as much as the
  // products. Layers that keep to the matrices (the default) never see these calls.

  /**
   * Whether passes whose chunks have at most {@code chunkRows} rows use this layer's flat products
   * ({@link #linearFlat}, {@link #linearTransposeInputFlat}, {@link #linearTransposeWeightFlat})
   * instead of the matrix ones. Default: never.
   */
  boolean flatFor(int chunkRows) {
    return false;
  }

  /** {@code out = L(x; W)} with {@code W} at {@code theta[offset ..]} (weights row-major). */
  void linearFlat(DMatrixRMaj x, double[] theta, int offset, DMatrixRMaj out, Object work) {
    throw new UnsupportedOperationException(type() + " has no flat products");
  }

  /** {@code gx = L(·; W)ᵀ g} with {@code W} at {@code theta[offset ..]}. */
  void linearTransposeInputFlat(
      DMatrixRMaj g, double[] theta, int offset, DMatrixRMaj gx, Object work) {
    throw new UnsupportedOperationException(type() + " has no flat products");
  }

  /**
   * {@code Σ_rows L(x_r; ·)ᵀ g_r} added into {@code out[offset ..]} (weights row-major), or with
   * {@code assign} written there as {@code 0.0 + value} (the bits of adding it to a zeroed
   * accumulator), summed as {@link #linearTransposeWeightAdd} sums.
   */
  void linearTransposeWeightFlat(
      DMatrixRMaj g, DMatrixRMaj x, double[] out, int offset, boolean assign, Object work) {
    throw new UnsupportedOperationException(type() + " has no flat products");
  }

  /** A one-line description such as {@code dense 64->10 tanh}. */
  @Override
  public String toString() {
    return type() + " " + input + "->" + output + " " + activation.configName();
  }
}
