package org.obd.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EJML's {@code CommonOps_DDRM.mult}, what the layers used before {@link org.obd.core.Gemm}, at
 * {@link GemmBenchmark}'s sizes: the reference its numbers are set beside.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EjmlBenchmark {

  /** {@code m x k x n}: A is m × k, B k × n. */
  @Param({"256x256x256", "256x784x300", "1024x1024x1024"})
  public String shape;

  private DMatrixRMaj a;
  private DMatrixRMaj b;
  private DMatrixRMaj c;

  /** Random operands of the shape. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] s = shape.split("x");
    int m = Integer.parseInt(s[0]);
    int k = Integer.parseInt(s[1]);
    int n = Integer.parseInt(s[2]);
    SplittableRandom r = new SplittableRandom(1);
    a = new DMatrixRMaj(m, k);
    b = new DMatrixRMaj(k, n);
    c = new DMatrixRMaj(m, n);
    for (int i = 0; i < a.data.length; i++) {
      a.data[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.data.length; i++) {
      b.data[i] = r.nextDouble(-1, 1);
    }
  }

  /** {@code C = A·B}. */
  @Benchmark
  public DMatrixRMaj mult() {
    CommonOps_DDRM.mult(a, b, c);
    return c;
  }
}
