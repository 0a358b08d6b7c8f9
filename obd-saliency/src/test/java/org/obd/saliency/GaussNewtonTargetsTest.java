package org.obd.saliency;

import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;

/** {@link Loss#gaussNewtonTargets}: the targets at which the loss's output gradient is 0. */
class GaussNewtonTargetsTest {

  private static Dataset selfTargets(Objective o, double[] theta, Dataset d) {
    return new Dataset(d.inputs(), o.loss().gaussNewtonTargets(o.outputs(theta, d), d.targets()));
  }

  /** The 3-4-2 fixture's forward pass written out by hand. */
  private static double[] forward(Model m, double[] x) {
    double[] h = new double[4];
    for (int i = 0; i < 4; i++) {
      double a = m.parameter(12 + i);
      for (int j = 0; j < 3; j++) {
        a += m.parameter(i * 3 + j) * x[j];
      }
      h[i] = Activation.TANH.value(a);
    }
    double[] o = new double[2];
    for (int i = 0; i < 2; i++) {
      o[i] = m.parameter(24 + i);
      for (int j = 0; j < 4; j++) {
        o[i] += m.parameter(16 + i * 4 + j) * h[j];
      }
    }
    return o;
  }

  @Test
  void selfTargetsAreTheOutputsForMseAndScaledSoftmaxForCrossEntropy() {
    Network net = Fixtures.net();
    Model m = Fixtures.model(net, 4);
    Dataset d = Fixtures.data(net, 5, 5, false);
    Dataset t = selfTargets(new Objective(net, Loss.MSE), m.parameters(), d);
    for (int n = 0; n < d.size(); n++) {
      double[] o = forward(m, d.input(n));
      for (int j = 0; j < 2; j++) {
        Close.assertClose(o[j], t.target(n)[j], 1e-12, 1e-13, "output " + n + "," + j);
      }
    }
    Dataset c = Fixtures.data(net, 5, 6, true);
    Dataset tc =
        selfTargets(
            new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY), m.parameters(), c);
    for (int n = 0; n < c.size(); n++) {
      double[] o = forward(m, c.input(n));
      double z = Math.exp(o[0]) + Math.exp(o[1]);
      for (int j = 0; j < 2; j++) {
        Close.assertClose(Math.exp(o[j]) / z, tc.target(n)[j], 1e-12, 1e-14, "p " + n + "," + j);
      }
    }
  }
}
