package org.obd.testkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Activation;
import org.obd.core.AvgPool;
import org.obd.core.Conv2d;
import org.obd.core.Dense;
import org.obd.core.Flatten;
import org.obd.core.Layer;
import org.obd.core.Loss;
import org.obd.core.Network;
import org.obd.core.Shape;

/**
 * The generators honour their documented contracts (including the restricted ones: shallow and
 * piecewise-linear networks), and the kit's independent forward pass (which guards finite
 * differences against relu kinks) computes the same objective as the engine, within {@link Tolerances#ROUNDING} ({@code 1e-12 · max(1, |E|) + 1e-10 · |E|}).
 */
class ObdArbitrariesProperties {

  @Provide
  Arbitrary<Network> networks() {
    return ObdArbitraries.networks();
  }

  @Provide
  Arbitrary<Network> convNetworks() {
    return ObdArbitraries.convNetworks();
  }

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Provide
  Arbitrary<Network> shallowNetworks() {
    return ObdArbitraries.shallowNetworks();
  }

  @Provide
  Arbitrary<Network> piecewiseLinearNetworks() {
    return Arbitraries.oneOf(
        ObdArbitraries.piecewiseLinearNetworks(), ObdArbitraries.piecewiseLinearConvNetworks());
  }

  @Property(tries = 200, seed = "20250701")
  void denseNetworksAreSmallStacksOfDenseLayers(@ForAll("networks") Network n) {
    require(n.parameterCount() <= ObdArbitraries.MAX_PARAMETERS, "too many parameters", n);
    require(n.inputShape().isFlat() && between(n.inputShape().size(), 1, 5), "input size", n);
    require(between(n.layers().size(), 1, 3), "1 to 3 layers", n);
    for (Layer l : n.layers()) {
      require(l instanceof Dense d && between(d.out(), 1, 5), "dense layers of 1 to 5 units", n);
    }
  }

  // the conv generator's combined edge cases outnumber the tries (jqwik would log so); random
  // generation alone covers the ranges
  @Property(tries = 200, seed = "20250702", edgeCases = EdgeCasesMode.NONE)
  @StatisticsReport(onFailureOnly = true)
  void convNetworksAreConvOptionalPoolFlattenDense(@ForAll("convNetworks") Network n) {
    require(n.parameterCount() <= ObdArbitraries.MAX_PARAMETERS, "too many parameters", n);
    Shape in = n.inputShape();
    require(
        between(in.channels(), 1, 2) && between(in.height(), 4, 7) && between(in.width(), 4, 7),
        "input 1-2 x 4-7 x 4-7",
        n);
    List<Layer> ls = n.layers();
    require(ls.get(0) instanceof Conv2d, "conv2d first", n);
    Conv2d c = (Conv2d) ls.get(0);
    require(
        between(c.outChannels(), 1, 2)
            && between(c.kernelHeight(), 1, 3)
            && between(c.kernelWidth(), 1, 3)
            && between(c.stride(), 1, 2),
        "conv2d with 1-2 channels, kernel 1-3 x 1-3, stride 1-2",
        n);
    boolean pooled = ls.size() == 4;
    require(ls.size() == 3 || pooled, "3 or 4 layers", n);
    if (pooled) {
      require(ls.get(1) instanceof AvgPool p && p.size() == 2, "avgpool of size 2 second", n);
    }
    require(ls.get(ls.size() - 2) instanceof Flatten, "flatten before the output", n);
    require(
        ls.get(ls.size() - 1) instanceof Dense d && between(d.out(), 1, 3),
        "dense output of 1-3 units",
        n);
    Statistics.label("pooled").collect(pooled);
    Statistics.label("pooled")
        .coverage(
            cov -> {
              cov.check(true).count(k -> k > 0);
              cov.check(false).count(k -> k > 0);
            });
  }

  @Property(tries = 200, seed = "20250705")
  void shallowNetworksHaveAtMostOneHiddenLayer(@ForAll("shallowNetworks") Network n) {
    require(n.parameterCount() <= ObdArbitraries.MAX_PARAMETERS, "too many parameters", n);
    require(between(n.layers().size(), 1, 2), "1 or 2 layers", n);
    for (Layer l : n.layers()) {
      require(l instanceof Dense d && between(d.out(), 1, 5), "dense layers of 1 to 5 units", n);
    }
  }

  @Property(tries = 200, seed = "20250706", edgeCases = EdgeCasesMode.NONE)
  @StatisticsReport(onFailureOnly = true)
  void piecewiseLinearNetworksUseOnlyIdentityAndRelu(
      @ForAll("piecewiseLinearNetworks") Network n) {
    require(n.parameterCount() <= ObdArbitraries.MAX_PARAMETERS, "too many parameters", n);
    for (Layer l : n.layers()) {
      if (!(l instanceof Flatten)) {
        require(l.activation().isPiecewiseLinear(), "piecewise-linear activations only", n);
        Statistics.label("activation").collect(l.activation());
      }
    }
    Statistics.label("kind").collect(n.layers().get(0) instanceof Conv2d ? "conv" : "dense");
    Statistics.label("activation")
        .coverage(
            cov -> {
              cov.check(Activation.IDENTITY).count(k -> k > 0);
              cov.check(Activation.RELU).count(k -> k > 0);
            });
    Statistics.label("kind")
        .coverage(
            cov -> {
              cov.check("conv").count(k -> k > 0);
              cov.check("dense").count(k -> k > 0);
            });
  }

  @Property(tries = 200, seed = "20250703")
  @StatisticsReport(onFailureOnly = true)
  void problemsAreConsistent(@ForAll("problems") Problem p) {
    Network n = p.network();
    require(between(p.data().size(), 1, ObdArbitraries.MAX_SAMPLES), "1 to 6 samples", n);
    for (int k : p.model().mask().deletedIndices()) {
      require(p.model().parameter(k) == 0.0, "deleted parameter " + k + " must be 0", n);
    }
    for (int s = 0; s < p.data().size(); s++) {
      double[] y = p.data().target(s);
      if (p.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
        double sum = 0;
        int ones = 0;
        for (double v : y) {
          sum += v;
          ones += v == 1.0 ? 1 : 0;
        }
        require(sum == 1.0 && ones == 1, "one-hot target for sample " + s, n);
      }
    }
    int deleted = p.model().mask().deletedCount();
    Statistics.label("mask")
        .collect(deleted == 0 ? "empty" : deleted == p.parameterCount() ? "full" : "partial");
    Statistics.label("mask")
        .coverage(
            cov -> {
              cov.check("empty").count(k -> k > 0);
              cov.check("partial").count(k -> k > 0);
            });
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  @Property(tries = 200, seed = "20250704")
  void referenceForwardComputesTheEnginesObjective(@ForAll("problems") Problem p) {
    double engine = p.objective().value(p.model(), p.data());
    double reference =
        ReferenceForward.value(p.network(), p.loss(), p.model().parameters(), p.data());
    Tolerances.ROUNDING
        .scaledAbsolute(Math.max(1, Math.abs(engine)))
        .assertClose("E by the kit's forward pass against the engine", engine, reference);
  }

  private static boolean between(int v, int lo, int hi) {
    return v >= lo && v <= hi;
  }

  private static void require(boolean ok, String what, Network n) {
    if (!ok) {
      throw new AssertionError("generated network violates '" + what + "': " + n);
    }
  }
}
