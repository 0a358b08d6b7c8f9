package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (as {@code java -jar obd.jar})
 * runs the products and the activations' {@code tanh} on the plain kernels, loads no Vector API
 * class, and gets the bits this JVM gets.
 */
class GemmFallbackTest {

  /** Runs a few products of every form and prints the backend and a digest of their bits. */
  public static final class Probe {
    private Probe() {}

    /** Entry point of the child JVM. */
    public static void main(String[] args) {
      System.out.println(Gemm.backend());
      System.out.println(digest());
      System.out.println(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
      System.out.println(TanhKernel.kernel().describe());
      System.out.println(tanhDigest());
    }
  }

  /** A digest of the bits of products of all four forms, assigning and adding, split or not. */
  static long digest() {
    SplittableRandom r = new SplittableRandom(11);
    long h = 17;
    int[][] shapes = {{1, 1, 1}, {7, 9, 13}, {33, 50, 70}, {130, 97, 260}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      double[] a = new double[m * k];
      double[] b = new double[k * n];
      double[] c = new double[m * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextDouble(-1, 1);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = r.nextDouble(-1, 1);
      }
      for (int i = 0; i < c.length; i++) {
        c[i] = r.nextDouble(-1, 1);
      }
      for (int form = 0; form < 4; form++) {
        boolean ta = (form & 1) != 0;
        boolean tb = (form & 2) != 0;
        Gemm.gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, form % 3 == 0, c, 0, n);
        for (double v : c) {
          h = h * 31 + Double.doubleToRawLongBits(v);
        }
      }
    }
    return h;
  }

  /** A digest of the bits of the activations' forward passes over values of every range. */
  static long tanhDigest() {
    SplittableRandom r = new SplittableRandom(13);
    long h = 19;
    for (int n : new int[] {1, 3, 4, 8, 37, 1000}) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = i % 3 == 0 ? r.nextDouble(-1, 1) : r.nextDouble(-25, 25);
      }
      for (Activation f : new Activation[] {Activation.TANH, Activation.SCALED_TANH}) {
        double[] x = new double[n];
        f.forward(a, x, n);
        for (double v : x) {
          h = h * 31 + Double.doubleToRawLongBits(v);
        }
      }
    }
    return h;
  }

  @Test
  void withoutTheModuleThePlainKernelGivesTheSameBits() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            Probe.class.getName())
        .redirectErrorStream(true)
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    List<String> lines = out.lines().toList();
    assertEquals(5, lines.size(), out);
    assertTrue(lines.get(0).startsWith("plain Java (jdk.incubator.vector not enabled"), out);
    assertEquals("false", lines.get(2), out);
    assertEquals(Long.toString(digest()), lines.get(1), "the plain kernel's bits differ");
    assertEquals("plain", lines.get(3), out);
    assertEquals(Long.toString(tanhDigest()), lines.get(4), "the plain tanh's bits differ");
  }
}
