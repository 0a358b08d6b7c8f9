package org.obd.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.obd.core.Gemm;
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
 * The matrix-product kernel ({@link Gemm}) at the sizes of the speed targets, in the four
 * transpose forms the layers use, on one and two threads and on the plain-Java fallback (EJML's
 * products beside it: {@link EjmlBenchmark}). Average time per product; GFLOP/s = {@code 2·m·k·n / time}.
 * Run (after {@code mvn -B package -pl obd-jmh -am -DskipTests}):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar obd-jmh/target/benchmarks.jar GemmBenchmark
 * java --add-modules jdk.incubator.vector -jar obd-jmh/target/benchmarks.jar GemmBenchmark.gemm \
 *     -p shape=256x256x256 -p threads=1 -p form=AB
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

  /** {@code m x k x n}: {@code op(A)} is m × k, {@code op(B)} k × n. */
  @Param({"256x256x256", "256x784x300", "1024x1024x1024"})
  public String shape;

  /** Threads a product may use (1 or 2). */
  @Param({"1", "2"})
  public int threads;

  /**
   * The product's form: {@code AB} ({@code G·W}), {@code ABt} ({@code X·Wᵀ}), {@code AtB} ({@code
   * Gᵀ·X}) or {@code AB-plain} (the plain-Java kernel, as without the incubator module).
   */
  @Param({"AB", "ABt", "AtB", "AB-plain"})
  public String form;

  private int m;
  private int k;
  private int n;
  private double[] a;
  private double[] b;
  private double[] c;

  /** Random operands of the shape (stored transposed for the transposed forms). */
  @Setup(Level.Trial)
  public void setUp() {
    String[] s = shape.split("x");
    m = Integer.parseInt(s[0]);
    k = Integer.parseInt(s[1]);
    n = Integer.parseInt(s[2]);
    SplittableRandom r = new SplittableRandom(1);
    a = new double[m * k];
    b = new double[k * n];
    c = new double[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextDouble(-1, 1);
    }
  }

  /** {@code C = op(A)·op(B)} by the kernel. */
  @Benchmark
  public double[] gemm() {
    switch (form) {
      case "ABt":
        Gemm.gemm(false, threads, false, true, m, n, k, a, 0, k, b, 0, k, false, c, 0, n);
        break;
      case "AtB":
        Gemm.gemm(false, threads, true, false, m, n, k, a, 0, m, b, 0, n, false, c, 0, n);
        break;
      case "AB-plain":
        Gemm.gemm(true, threads, false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
        break;
      default:
        Gemm.gemm(false, threads, false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
    }
    return c;
  }
}
