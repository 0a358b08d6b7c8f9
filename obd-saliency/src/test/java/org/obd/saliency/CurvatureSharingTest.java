package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Loss;

class CurvatureSharingTest {

  @Test
  void askingTwiceForTheSameDiagonalCostsOneComputation() {
    SaliencyContext ctx = Fixtures.context(3, Loss.MSE);
    ConfiguredStrategy obd = ConfiguredStrategy.of(ObdSaliency.DESCRIPTOR, Map.of("hessian", "exact"));
    ConfiguredStrategy dl =
        ConfiguredStrategy.of(DescriptionLengthSaliency.DESCRIPTOR, 
            Map.of("hessian", "exact", "prior-precision", 1.0));
    double[] first = obd.scores(ctx);
    assertEquals(1, ctx.curvature().computations());
    assertArrayEquals(first, obd.scores(ctx));
    assertEquals(1, ctx.curvature().computations(), "the diagonal is cached");
    dl.scores(ctx);
    // the same diagonal again, plus one gradient pass for E (the fitted noise precision)
    assertEquals(2, ctx.curvature().computations());
    ConfiguredStrategy.of(ObdSaliency.DESCRIPTOR, Map.of("hessian", "exact", "gradient-term", true)).scores(ctx);
    ConfiguredStrategy.of(TaylorSaliency.DESCRIPTOR, Map.of()).scores(ctx);
    assertEquals(2, ctx.curvature().computations(), "the gradient is cached too");
  }

  @Test
  void obsBuildsItsInverseOncePerContext() {
    SaliencyContext ctx = Fixtures.context(3, Loss.MSE);
    ConfiguredStrategy obs = ConfiguredStrategy.of(ObsSaliency.DESCRIPTOR, Map.of());
    obs.scores(ctx);
    int afterScores = ctx.curvature().computations();
    assertEquals(26, afterScores, "one Hessian-vector product per remaining parameter");
    obs.delete(ctx, new int[] {0});
    assertEquals(afterScores, ctx.curvature().computations());
  }
}
