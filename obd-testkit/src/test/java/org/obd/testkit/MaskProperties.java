package org.obd.testkit;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.core.Curvature;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * Masks (DESIGN §2): a deleted parameter is exactly 0, gets exactly 0 gradient, Hessian-vector
 * product and Hessian diagonal, and deleted entries of a direction are ignored. All comparisons
 * here are exact: {@code == 0.0} or bit-identical vectors.
 */
class MaskProperties {

  /** A model and another mask over its parameters. */
  record WithMask(Model model, Mask mask, double[] values) {}

  @Provide
  Arbitrary<Directed> directed() {
    return Directed.arbitrary();
  }

  @Provide
  Arbitrary<WithMask> modelsWithMask() {
    return ObdArbitraries.problems()
        .flatMap(
            p ->
                Combinators.combine(
                        ObdArbitraries.masks(p.parameterCount()),
                        ObdArbitraries.parameters(p.network()))
                    .as((m, values) -> new WithMask(p.model(), m, values)));
  }

  @Property(tries = 200, seed = "20250401")
  void deletedParametersGetExactlyZeroDerivatives(
      @ForAll("directed") Directed w) {
    Problem p = w.problem();
    Objective o = p.objective();
    Model m = p.model();
    Mask mask = m.mask();
    double[] g = o.gradient(m, p.data());
    double[] hv = o.hessianVector(m, p.data(), w.v());
    double[] diag = new Curvature(o, m, p.data()).diagonal("exact");
    List<String> names = p.network().parameterNames();
    for (int k : mask.deletedIndices()) {
      requireZero("parameter", m.parameter(k), k, names);
      requireZero("gradient", g[k], k, names);
      requireZero("Hessian-vector product", hv[k], k, names);
      requireZero("exact Hessian diagonal", diag[k], k, names);
    }
  }

  @Property(tries = 200, seed = "20250402")
  void maskedDerivativesAreUnmaskedOnesRestricted(
      @ForAll("directed") Directed w) {
    Problem p = w.problem();
    Objective o = p.objective();
    Model m = p.model();
    Mask mask = m.mask();
    Mask none = Mask.none(p.parameterCount());
    double[] theta = m.parameters();
    List<String> names = p.network().parameterNames();

    double[] masked = new double[theta.length];
    double[] unmasked = new double[theta.length];
    o.gradient(theta, mask, p.data(), masked);
    o.gradient(theta, none, p.data(), unmasked);
    mask.apply(unmasked);
    Tolerances.assertIdentical("masked gradient against unmasked restricted", unmasked, masked, names);

    double[] v = w.v();
    double[] vKept = v.clone();
    mask.apply(vKept);
    o.hessianVector(theta, mask, p.data(), v, masked);
    o.hessianVector(theta, none, p.data(), vKept, unmasked);
    mask.apply(unmasked);
    Tolerances.assertIdentical(
        "masked Hv against unmasked H·(v with deleted entries 0), restricted", unmasked, masked,
        names);
  }

  @Property(tries = 200, seed = "20250403")
  void withMaskZeroesExactlyTheDeletedParameters(@ForAll("modelsWithMask") WithMask w) {
    Model before = w.model();
    Mask mask = w.mask();
    Model after = before.withMask(mask);
    List<String> names = before.network().parameterNames();
    if (!after.mask().equals(mask)) {
      throw new AssertionError("withMask kept mask " + after.mask() + " instead of " + mask);
    }
    for (int k = 0; k < names.size(); k++) {
      double expected = mask.isDeleted(k) ? 0.0 : before.parameter(k);
      if (Double.doubleToLongBits(after.parameter(k)) != Double.doubleToLongBits(expected)) {
        throw new AssertionError(
            "withMask: parameter " + k + " (" + names.get(k) + ") should be " + expected
                + " but is " + after.parameter(k));
      }
    }
    Model moved = after.withParameters(w.values());
    for (int k : mask.deletedIndices()) {
      requireZero("withParameters on a masked model", moved.parameter(k), k, names);
    }
  }

  private static void requireZero(String what, double value, int k, List<String> names) {
    if (value != 0.0) {
      throw new AssertionError(
          what + " at deleted parameter " + k + " (" + names.get(k) + ") must be exactly 0, found "
              + value);
    }
  }
}
