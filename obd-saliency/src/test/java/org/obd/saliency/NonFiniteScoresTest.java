package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.NonFiniteException;

/**
 * Strategies never hand out a NaN or infinite score of a remaining parameter: an overflow in the
 * curvature, or in the score itself, is a {@link NonFiniteException} naming what overflowed.
 */
class NonFiniteScoresTest {

  /** The XOR example with its first weight 1e300 (softmax keeps the objective finite). */
  private static SaliencyContext context(Loss loss) {
    Model m =
        ModelJson.parse(
            "{\"layers\": ["
                + "{\"type\": \"dense\", \"in\": 2, \"out\": 3, \"activation\": \"tanh\","
                + " \"weight\": [[1e300, -2.4], [-2.2, 2.6], [0.0, 0.3]], \"bias\": [-1.1, -1.2,"
                + " 0.05]},"
                + "{\"type\": \"dense\", \"in\": 3, \"out\": 2, \"activation\": \"identity\","
                + " \"weight\": [[1e300, -3.5, 0.1], [3.5, 3.5, -0.2]], \"bias\": [-2.8, 2.8]}]}");
    Dataset d =
        Dataset.of(
            new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});
    return SaliencyContext.of(m, loss, d, 0L);
  }

  private static ConfiguredStrategy strategy(String name, Map<String, ?> options) {
    return Strategies.load(java.util.List.of()).create(name, options);
  }

  @Test
  void anOverflowingScoreIsAnErrorNamingTheStrategyAndTheParameter() {
    // obs: w²/(2[H⁻¹]_qq) with w = 1e300 overflows although the Hessian is finite
    NonFiniteException e =
        assertThrows(
            NonFiniteException.class,
            () -> strategy("obs", Map.of()).scores(context(Loss.SOFTMAX_CROSS_ENTROPY)));
    assertEquals(
        "the score by strategy 'obs' is not finite (Infinity) at parameter layer0.weight[0][0]"
            + " (index 0): " + ConfiguredStrategy.NOT_FINITE + "; the largest parameter is"
            + " layer0.weight[0][0] = 1.0E300",
        e.getMessage());
  }

  @Test
  void anOverflowingObjectiveStopsEveryStrategyThatUsesIt() {
    for (String name : new String[] {"description-length", "taylor"}) {
      NonFiniteException e =
          assertThrows(
              NonFiniteException.class,
              () -> strategy(name, Map.of()).scores(context(Loss.MSE)),
              name + " must not score an infinite objective");
      assertEquals("the objective", e.quantity(), name);
    }
    NonFiniteException obs =
        assertThrows(
            NonFiniteException.class,
            () -> strategy("obs", Map.of()).scores(context(Loss.MSE)),
            "obs blames the overflow, not its damping");
    assertEquals("a Hessian-vector product", obs.quantity());
    NonFiniteException obd =
        assertThrows(
            NonFiniteException.class,
            () -> strategy("obd", Map.of("hessian", "exact")).scores(context(Loss.MSE)));
    assertEquals("the exact Hessian diagonal", obd.quantity());
    double[] magnitude = strategy("magnitude", Map.of()).scores(context(Loss.MSE));
    assertEquals(1e300, magnitude[0], 0.0, "no derivatives, no overflow");
  }
}
