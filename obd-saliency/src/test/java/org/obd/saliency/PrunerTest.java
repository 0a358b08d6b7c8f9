package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.obd.core.NoOptions;
import org.obd.core.NonFiniteException;
import org.obd.core.Descriptor;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;

class PrunerTest {

  private static ConfiguredStrategy constant(double[] scores) {
    Descriptor<NoOptions, Saliency> d =
        Descriptor.of(
            "constant", "fixed scores", "a test", NoOptions.INSTANCE, o -> c -> scores.clone());
    return ConfiguredStrategy.of(d, null);
  }

  // net(): layer0 weight 0..11, bias 12..15; layer1 weight 16..23, bias 24..25
  @Test
  void allEqualScoresDeleteExactlyTheCountByIndex() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    Arrays.fill(s, 1.0);
    PruneResult r = new Pruner(PrunerConfig.count(5)).step(constant(s), ctx);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.deleted());
    assertEquals(5, r.model().mask().deletedCount());
    assertFalse(r.predictedChange().isPresent());
    int[] perLayer =
        new Pruner(PrunerConfig.count(2).withScope(PrunerConfig.Scope.PER_LAYER))
            .select("constant", s, ctx.model());
    assertArrayEquals(new int[] {0, 1, 16, 17}, perLayer);
  }

  @Test
  void fractionIsOfWhatRemainsAndBiasesAreExcludedByDefault() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    for (int k = 0; k < s.length; k++) {
      s[k] = -k; // biases score lowest among their layers
    }
    Model m = ctx.model().withMask(Mask.of(26, 0, 1, 2, 3));
    // 20 weights, 4 deleted -> 16 remain; half of them = 8, from the lowest scores (highest index)
    int[] sel = new Pruner(PrunerConfig.fraction(0.5)).select("x", s, m);
    assertArrayEquals(new int[] {23, 22, 21, 20, 19, 18, 17, 16}, sel);
    int[] withBiases =
        new Pruner(PrunerConfig.count(2).withIncludeBiases(true)).select("x", s, m);
    assertArrayEquals(new int[] {25, 24}, withBiases);
    assertEquals(1, new Pruner(PrunerConfig.fraction(0.01)).select("x", s, m).length);
  }

  @Test
  void sizeIsWhatAStepSelectsWhenNoThresholdHoldsAnyBack() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    Model m = ctx.model().withMask(Mask.of(26, 0, 1, 2, 3, 16));
    // 15 weights remain: 11 in layer 0, 4 in layer 1; biases excluded unless included
    PrunerConfig[] configs = {
      PrunerConfig.count(5), PrunerConfig.fraction(0.5), PrunerConfig.fraction(0.01),
      PrunerConfig.count(3).withScope(PrunerConfig.Scope.PER_LAYER),
      PrunerConfig.fraction(0.5).withScope(PrunerConfig.Scope.PER_LAYER),
      PrunerConfig.count(17).withIncludeBiases(true)
    };
    int[] sizes = {5, 8, 1, 6, 8, 17};
    for (int i = 0; i < configs.length; i++) {
      Pruner p = new Pruner(configs[i]);
      assertEquals(sizes[i], p.size(m), configs[i].toString());
      assertEquals(p.select("x", s, m).length, p.size(m), configs[i].toString());
    }
    assertEquals(6, new Pruner(PrunerConfig.count(5).withScope(PrunerConfig.Scope.PER_LAYER))
        .size(m.withMask(Mask.of(26, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))),
        "at most what remains of each layer: layer 0's last weight and 5 of layer 1's 8");
  }

  @Test
  void deletedParametersAreNeverSelectedWhateverTheirScore() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    Arrays.fill(s, 5.0);
    s[3] = Double.NEGATIVE_INFINITY;
    s[7] = -100;
    Model m = ctx.model().withMask(Mask.of(26, 3, 7));
    assertArrayEquals(new int[] {0, 1}, new Pruner(PrunerConfig.count(2)).select("x", s, m));
  }

  @Test
  void neverDeletesMoreThanRemains() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Pruner(PrunerConfig.count(21)).select("x", s, ctx.model()));
    assertEquals(
        "pruner: asked to delete 21 parameters but only 20 eligible remain (biases excluded)",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new Pruner(PrunerConfig.count(9).withScope(PrunerConfig.Scope.PER_LAYER))
            .select("x", s, ctx.model()));
    assertEquals(
        "pruner: asked to delete 9 parameters but only 8 eligible remain in layer 1 (biases"
            + " excluded)",
        e.getMessage());
    assertEquals(
        20, new Pruner(PrunerConfig.fraction(1.0)).select("x", s, ctx.model()).length);
  }

  @Test
  void nanIsAnErrorNamingStrategyAndParameter() {
    SaliencyContext ctx = Fixtures.context(1, Loss.MSE);
    double[] s = new double[26];
    s[17] = Double.NaN;
    // scores given to the pruner as they are: its own check
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Pruner(PrunerConfig.count(1)).select("constant", s, ctx.model()));
    assertEquals(
        "strategy 'constant' returned NaN for parameter layer1.weight[0][1] (index 17)",
        e.getMessage());
    // a configured strategy's scores are checked as they are made
    NonFiniteException n =
        assertThrows(
            NonFiniteException.class,
            () -> new Pruner(PrunerConfig.count(1)).step(constant(s), ctx));
    assertEquals(
        "the score by strategy 'constant' is not finite (NaN) at parameter layer1.weight[0][1]"
            + " (index 17): " + ConfiguredStrategy.NOT_FINITE + "; the largest parameter is"
            + " layer1.weight[1][1] = 1.9815126244530286",
        n.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new Pruner(PrunerConfig.count(1)).step(constant(new double[3]), ctx));
    assertEquals(
        "strategy 'constant' returned 3 scores for a network of 26 parameters", e.getMessage());
  }

  @Test
  void predictedChangeIsTheSumOfDeletedObdScores() {
    SaliencyContext ctx = Fixtures.context(2, Loss.MSE);
    ConfiguredStrategy obd =
        ConfiguredStrategy.of(ObdSaliency.DESCRIPTOR, java.util.Map.of("hessian", "exact"));
    PruneResult r = new Pruner(PrunerConfig.count(3)).step(obd, ctx);
    double[] s = obd.scores(ctx);
    double sum = 0;
    for (int k : r.deleted()) {
      sum += s[k];
    }
    assertTrue(r.predictedChange().isPresent());
    Close.assertClose(sum, r.predictedChange().getAsDouble(), 0, 0, "predicted ΔE");
    for (int k : r.deleted()) {
      assertEquals(0.0, r.model().parameter(k));
    }
  }

  @Test
  void configValidation() {
    assertThrows(IllegalArgumentException.class, () -> new PrunerConfig(null, null, null, false));
    assertThrows(IllegalArgumentException.class, () -> new PrunerConfig(null, 0.5, 3, false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrunerConfig.fraction(1.5));
    assertEquals("pruner: 'fraction' must be in (0, 1], found 1.5", e.getMessage());
    assertEquals(PrunerConfig.Scope.GLOBAL, new PrunerConfig(null, null, 2, false).scope());
    Network n = Fixtures.net();
    assertTrue(n.isBias(12));
  }
}
