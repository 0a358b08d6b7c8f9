package org.obd.testkit;

import java.util.BitSet;
import org.obd.core.Activation;
import org.obd.core.AvgPool;
import org.obd.core.Conv2d;
import org.obd.core.Dataset;
import org.obd.core.Dense;
import org.obd.core.Flatten;
import org.obd.core.Layer;
import org.obd.core.Loss;
import org.obd.core.Network;
import org.obd.core.Shape;

/**
 * A plain, independent forward pass written from the public layer API and DESIGN §2's parameter
 * layout (no EJML, no batching): one sample at a time, loop by loop. The kit uses it to see the
 * pre-activations of relu layers, which {@code Objective} does not expose, so that finite
 * differences never straddle a relu kink; tests use it as a second opinion on the engine's value.
 */
final class ReferenceForward {

  private ReferenceForward() {}

  /** Whether any layer of {@code net} uses relu (so that {@code E} has kinks). */
  static boolean hasRelu(Network net) {
    for (Layer l : net.layers()) {
      if (l.activation() == Activation.RELU) {
        return true;
      }
    }
    return false;
  }

  /**
   * The sign pattern of every relu pre-activation over the data set: bit {@code i} is set when the
   * {@code i}-th relu pre-activation (samples in order, then relu layers in order, then units) is
   * greater than 0. Two parameter vectors with equal patterns lie on the same smooth piece of
   * {@code E} as far as the segment between them does not leave it.
   */
  static BitSet reluPattern(Network net, double[] theta, Dataset data) {
    BitSet pattern = new BitSet();
    int[] next = {0};
    for (int n = 0; n < data.size(); n++) {
      forward(
          net,
          theta,
          data.input(n),
          (layer, a) -> {
            if (net.layers().get(layer).activation() == Activation.RELU) {
              for (double v : a) {
                if (v > 0) {
                  pattern.set(next[0]);
                }
                next[0]++;
              }
            }
          });
    }
    return pattern;
  }

  /** {@code E(θ) = (1/N) Σ_n ℓ(f(x_n; θ), y_n)}, summed in sample order. */
  static double value(Network net, Loss loss, double[] theta, Dataset data) {
    double sum = 0;
    for (int n = 0; n < data.size(); n++) {
      sum += loss.value(forward(net, theta, data.input(n), null), data.target(n));
    }
    return sum / data.size();
  }

  /** Receives each layer's pre-activations {@code a} of one sample. */
  interface PreActivations {
    void accept(int layer, double[] a);
  }

  /** The output of {@code net} for one input sample; {@code visitor} may be null. */
  static double[] forward(Network net, double[] theta, double[] input, PreActivations visitor) {
    double[] x = input;
    for (int l = 0; l < net.layers().size(); l++) {
      Layer layer = net.layers().get(l);
      double[] a;
      if (layer instanceof Dense d) {
        a = dense(d, x, theta, net.weightOffset(l), net.biasOffset(l));
      } else if (layer instanceof Conv2d c) {
        a = conv(c, x, theta, net.weightOffset(l), net.biasOffset(l));
      } else if (layer instanceof AvgPool p) {
        a = pool(p, x);
      } else if (layer instanceof Flatten) {
        a = x.clone();
      } else {
        throw new IllegalArgumentException("unknown layer type " + layer.type());
      }
      if (visitor != null) {
        visitor.accept(l, a);
      }
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = layer.activation().value(a[i]);
      }
      x = out;
    }
    return x;
  }

  private static double[] dense(Dense d, double[] x, double[] theta, int w, int b) {
    double[] a = new double[d.out()];
    for (int o = 0; o < d.out(); o++) {
      double s = theta[b + o];
      for (int i = 0; i < d.in(); i++) {
        s += theta[w + o * d.in() + i] * x[i];
      }
      a[o] = s;
    }
    return a;
  }

  private static double[] conv(Conv2d c, double[] x, double[] theta, int w, int b) {
    Shape in = c.inputShape();
    Shape out = c.outputShape();
    int kh = c.kernelHeight();
    int kw = c.kernelWidth();
    double[] a = new double[out.size()];
    for (int o = 0; o < c.outChannels(); o++) {
      for (int i = 0; i < out.height(); i++) {
        for (int j = 0; j < out.width(); j++) {
          double s = theta[b + o];
          for (int ch = 0; ch < c.inChannels(); ch++) {
            for (int u = 0; u < kh; u++) {
              for (int v = 0; v < kw; v++) {
                double weight = theta[w + ((o * c.inChannels() + ch) * kh + u) * kw + v];
                int row = i * c.stride() + u;
                int col = j * c.stride() + v;
                s += weight * x[(ch * in.height() + row) * in.width() + col];
              }
            }
          }
          a[(o * out.height() + i) * out.width() + j] = s;
        }
      }
    }
    return a;
  }

  private static double[] pool(AvgPool p, double[] x) {
    Shape in = p.inputShape();
    Shape out = p.outputShape();
    int size = p.size();
    double[] a = new double[out.size()];
    for (int ch = 0; ch < out.channels(); ch++) {
      for (int i = 0; i < out.height(); i++) {
        for (int j = 0; j < out.width(); j++) {
          double s = 0;
          for (int u = 0; u < size; u++) {
            for (int v = 0; v < size; v++) {
              s += x[(ch * in.height() + i * size + u) * in.width() + j * size + v];
            }
          }
          a[(ch * out.height() + i) * out.width() + j] = s / (size * size);
        }
      }
    }
    return a;
  }
}
