package org.obd.testkit.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Model;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.RandomSaliency;
import org.obd.saliency.SaliencyContext;

class RandomSaliencyTest {

  @Test
  void seededScoresAreReproducibleAndTheOptionOverridesTheContextSeed() {
    ContractFixture f = ContractFixture.all().get(0);
    ConfiguredStrategy byContext = ConfiguredStrategy.of(RandomSaliency.DESCRIPTOR, Map.of());
    double[] a = byContext.scores(f.context());
    assertArrayEquals(a, ConfiguredStrategy.of(RandomSaliency.DESCRIPTOR, Map.of()).scores(f.context()));
    SaliencyContext other = SaliencyContext.of(f.model(), f.loss(), f.data(), f.seed() + 1);
    assertFalse(Arrays.equals(a, byContext.scores(other)), "another context seed, other scores");
    ConfiguredStrategy fixed = ConfiguredStrategy.of(RandomSaliency.DESCRIPTOR, Map.of("seed", 42));
    assertArrayEquals(fixed.scores(f.context()), fixed.scores(other), "option seed wins");
    for (double s : a) {
      assertEquals(true, s >= 0 && s < 1, "uniform in [0, 1): " + s);
    }
  }

  @Test
  void aParameterKeepsItsScoreWhateverElseIsDeleted() {
    ContractFixture f = ContractFixture.all().get(0);
    ConfiguredStrategy s = ConfiguredStrategy.of(RandomSaliency.DESCRIPTOR, Map.of("seed", 3));
    double[] all = s.scores(f.context());
    Model pruned = f.model().withMask(f.model().mask().delete(0, 5));
    double[] some = s.scores(SaliencyContext.of(pruned, f.loss(), f.data(), f.seed()));
    for (int k = 0; k < all.length; k++) {
      assertEquals(k == 0 || k == 5 ? 0.0 : all[k], some[k], 0.0, "score " + k);
    }
  }
}
