package org.obd.testkit;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Dataset;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * {@link Objective#gaussNewtonMatrix} on generated networks (dense and convolutional, both losses,
 * random masks): its diagonal is the {@code ggn} method's diagonal at the remaining parameters, and
 * each of its columns is the exact Hessian-vector product of the same objective at targets equal to
 * the network's own outputs (where every residual term vanishes), both up to rounding ({@link
 * CurvatureChecks#requireSameUpToRounding}).
 */
class GaussNewtonMatrixProperties {

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Property(tries = 100, seed = "20261127")
  void isTheHessianAtTheNetworksOwnOutputsAndItsDiagonalIsGgn(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model model = p.model();
    Mask mask = model.mask();
    double[] theta = model.parameters();
    DMatrixRMaj g = o.gaussNewtonMatrix(theta, mask, p.data());
    int[] r = new int[mask.remaining()];
    List<String> names = new ArrayList<>();
    List<String> all = p.network().parameterNames();
    for (int k = 0, i = 0; k < theta.length; k++) {
      if (!mask.isDeleted(k)) {
        names.add(all.get(k));
        r[i++] = k;
      }
    }
    int m = r.length;
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    double[] expectedDiagonal = new double[m];
    double[] diagonal = new double[m];
    for (int i = 0; i < m; i++) {
      expectedDiagonal[i] = ggn[r[i]];
      diagonal[i] = g.get(i, i);
    }
    CurvatureChecks.requireSameUpToRounding("diagonal against ggn", expectedDiagonal, diagonal,
        names);
    Dataset self = new Dataset(p.data().inputs(),
        p.loss().gaussNewtonTargets(o.outputs(theta, p.data()), p.data().targets()));
    double[] e = new double[theta.length];
    double[] hv = new double[theta.length];
    for (int i = 0; i < m; i++) {
      e[r[i]] = 1.0;
      o.hessianVector(theta, mask, self, e, hv);
      e[r[i]] = 0.0;
      double[] expected = new double[m];
      double[] column = new double[m];
      for (int j = 0; j < m; j++) {
        expected[j] = hv[r[j]];
        column[j] = g.get(j, i);
      }
      CurvatureChecks.requireSameUpToRounding("column " + names.get(i), expected, column, names);
    }
  }
}
