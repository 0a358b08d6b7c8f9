package org.obd.testkit.saliency;

import org.obd.testkit.Tolerances;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Model;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.ObdSaliency;
import org.obd.saliency.ObsSaliency;
import org.obd.saliency.PruneResult;
import org.obd.saliency.Pruner;
import org.obd.saliency.PrunerConfig;
import org.obd.saliency.SaliencyContext;

/**
 * On a linear model with MSE at its least-squares minimum {@code E} is exactly quadratic with
 * zero gradient, so for any deletion {@code δ} (with {@code δ_k = −w_k} on the deleted set)
 * {@code ΔE = ½ δᵀHδ} exactly. What follows, and is checked here:
 *
 * <ul>
 *   <li>deleting one parameter {@code k} without retraining raises {@code E} by exactly its
 *       {@code obd} saliency {@code ½ h_kk w_k²}, whatever the off-diagonal {@code H};
 *   <li>deleting a set {@code S} without retraining raises {@code E} by
 *       {@code Σ_S ½ h_kk w_k² + Σ_{k≠l∈S} ½ h_kl w_k w_l}: the sum of the {@code obd} saliencies
 *       (the pruner's predicted ΔE) is exact iff the cross terms vanish, e.g. when {@code H} is
 *       diagonal (orthogonal inputs);
 *   <li>{@code obs} (no damping) raises {@code E} after its update by exactly
 *       {@code w_q²/(2[H⁻¹]_qq)}, which is the least-squares refit with {@code w_q = 0}, and never
 *       more than {@code obd}; a step deleting several reaches the refit with all of them 0.
 * </ul>
 */
class LinearExactnessTest {

  private static final double REL = 1e-9;
  private static final double ABS = 1e-13;

  private static final ConfiguredStrategy OBD =
      ConfiguredStrategy.of(ObdSaliency.DESCRIPTOR, Map.of("hessian", "exact"));
  private static final Map<String, Object> OBS_EXACT = Map.of("damping", 0.0);

  private static double[] without(double[] theta, int... ks) {
    double[] t = theta.clone();
    for (int k : ks) {
      t[k] = 0;
    }
    return t;
  }

  @Test
  void obdIsTheExactRiseOfEverySingleDeletionEvenWithAFullHessian() {
    for (LinearProblem p : new LinearProblem[] {LinearProblem.correlated(3), LinearProblem.orthogonal(4)}) {
      double e0 = p.value(p.model.parameters());
      double[] s = OBD.scores(p.context());
      for (int k = 0; k < s.length; k++) {
        double rise = p.value(without(p.model.parameters(), k)) - e0;
        new Tolerances(ABS, REL).assertClose("obd saliency of parameter " + k, rise, s[k]);
      }
    }
  }

  @Test
  void predictedChangeOfSeveralDeletionsIsExactOnlyWithoutCrossTerms() {
    LinearProblem orth = LinearProblem.orthogonal(5);
    PruneResult r =
        new Pruner(PrunerConfig.count(2).withIncludeBiases(true)).step(OBD, orth.context());
    new Tolerances(ABS, REL).assertClose("diagonal Hessian: actual ΔE = Σ obd", orth.value(r.model()) - orth.value(orth.model), r.predictedChange().getAsDouble());

    LinearProblem corr = LinearProblem.correlated(6);
    SaliencyContext c = corr.context();
    PruneResult rc = new Pruner(PrunerConfig.count(2)).step(OBD, c);
    int k = rc.deleted()[0];
    int l = rc.deleted()[1];
    double[] ek = new double[5];
    ek[k] = 1;
    double hkl = c.curvature().hessianVector(ek)[l];
    double cross = hkl * corr.model.parameter(k) * corr.model.parameter(l);
    double actual = corr.value(rc.model()) - corr.value(corr.model);
    new Tolerances(ABS, REL).assertClose("full Hessian: actual ΔE = Σ obd + h_kl w_k w_l", actual, rc.predictedChange().getAsDouble() + cross);
    assertTrue(Math.abs(cross) > 1e-6, "the cross term is not negligible here: " + cross);
  }

  @Test
  void obsIsTheExactRiseAfterItsUpdateAndTheRefitAndNeverWorseThanObd() {
    LinearProblem p = LinearProblem.correlated(7);
    ConfiguredStrategy obs = ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, OBS_EXACT);
    SaliencyContext c = p.context();
    double e0 = p.value(p.model);
    double[] s = obs.scores(c);
    double[] obd = OBD.scores(c);
    for (int q = 0; q < s.length; q++) {
      Model after = obs.delete(c, new int[] {q});
      double rise = p.value(after) - e0;
      new Tolerances(ABS, 1e-8).assertClose("obs saliency of parameter " + q, rise, s[q]);
      boolean[] fixed = new boolean[5];
      fixed[q] = true;
      double refit = p.value(p.leastSquares(fixed)) - e0;
      new Tolerances(ABS, 1e-8).assertClose("obs update = least-squares refit, parameter " + q, refit, rise);
      double[] expected = p.leastSquares(fixed);
      for (int k = 0; k < 5; k++) {
        new Tolerances(1e-10, 1e-8).assertClose("refit parameter " + k, expected[k], after.parameter(k));
      }
      assertTrue(s[q] <= obd[q] * (1 + 1e-12), "obs " + s[q] + " <= obd " + obd[q] + " for " + q);
    }
  }

  @Test
  void anObsStepOfSeveralDeletionsReachesTheConstrainedRefit() {
    LinearProblem p = LinearProblem.correlated(8);
    ConfiguredStrategy obs = ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, OBS_EXACT);
    PruneResult r = new Pruner(PrunerConfig.count(2)).step(obs, p.context());
    boolean[] fixed = new boolean[5];
    for (int k : r.deleted()) {
      fixed[k] = true;
    }
    double[] refit = p.leastSquares(fixed);
    for (int k = 0; k < 5; k++) {
      new Tolerances(1e-10, 1e-8).assertClose("parameter " + k, refit[k], r.model().parameter(k));
    }
    // the same two deletions in the other order end at the same point
    SaliencyContext c = p.context();
    int[] reversed = {r.deleted()[1], r.deleted()[0]};
    Model other = obs.delete(c, reversed);
    for (int k = 0; k < 5; k++) {
      new Tolerances(1e-10, 1e-8).assertClose("reversed order, parameter " + k, refit[k], other.parameter(k));
    }
  }

  @Test
  void obsEqualsObdWhenTheHessianIsDiagonalAndGaussNewtonEqualsExactForALinearModel() {
    LinearProblem orth = LinearProblem.orthogonal(9);
    SaliencyContext c = orth.context();
    double[] obs = ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, OBS_EXACT).scores(c);
    double[] obd = OBD.scores(c);
    for (int k = 0; k < obs.length; k++) {
      new Tolerances(ABS, 1e-9).assertClose("diagonal Hessian: obs = obd, parameter " + k, obd[k], obs[k]);
    }
    LinearProblem corr = LinearProblem.correlated(10);
    SaliencyContext cc = corr.context();
    double[] exact = ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, OBS_EXACT).scores(cc);
    double[] gn =
        ConfiguredStrategy.of(
                ObsSaliency.DESCRIPTOR, Map.of("damping", 0.0, "hessian", "gauss-newton"))
            .scores(cc);
    for (int k = 0; k < exact.length; k++) {
      new Tolerances(ABS, 1e-9).assertClose("linear model: GGN = H, parameter " + k, exact[k], gn[k]);
    }
  }

  @Test
  void obsRefusesNetworksTooLargeForADenseHessian() {
    LinearProblem p = LinearProblem.correlated(11);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, Map.of("max-parameters", 4)).scores(p.context()));
    org.junit.jupiter.api.Assertions.assertEquals(
        "obs: a dense Hessian over 5 remaining parameters is more than option max-parameters = 4"
            + " allows; raise max-parameters (memory grows as m², time as m³) or use obd",
        e.getMessage());
  }
}
