package org.obd.testkit.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.PruneResult;
import org.obd.saliency.Pruner;
import org.obd.saliency.PrunerConfig;
import org.obd.saliency.SaliencyContext;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

/**
 * The contract every saliency strategy honours, as JUnit 5 tests a strategy's test class inherits:
 *
 * <pre>{@code
 * class MyMeasureContractTest extends SaliencyContract {
 *   protected Descriptor<?, Saliency> descriptor() { return MyMeasure.DESCRIPTOR; }
 *   protected Map<String, Object> options() { return Map.of("hessian", "exact"); }
 * }
 * }</pre>
 *
 * <p>It checks, on {@link ContractFixture#all()} (seeded dense, classifier and convolutional
 * networks, with and without deleted parameters): the declaration is well formed and its defaults
 * map back onto themselves; one score per parameter, finite for the remaining ones and never NaN
 * for deleted ones; deleted parameters are never selected; the same model, data and seed give
 * bit-identical scores, also from a fresh strategy instance; scoring and deleting leave the
 * model, its parameters, mask and data unchanged; {@code delete} deletes exactly the parameters
 * asked for and, unless the strategy {@link #compensates()}, changes nothing else; a pruning step
 * deletes exactly the number asked for (fewer only where the strategy's own rule, its {@code
 * deletionThreshold()}, finds fewer worth deleting).
 */
public abstract class SaliencyContract {

  /** The strategy's declaration (its {@code DESCRIPTOR} constant). */
  protected abstract Descriptor<?, Saliency> descriptor();

  /** The options block to test with; empty (all defaults) unless overridden. */
  protected Map<String, Object> options() {
    return Map.of();
  }

  /** Whether {@code delete} adjusts the remaining parameters (as {@code obs} does). */
  protected boolean compensates() {
    return false;
  }

  /** The problems to run on; {@link ContractFixture#all()} unless overridden. */
  protected List<ContractFixture> fixtures() {
    return ContractFixture.all();
  }

  private ConfiguredStrategy strategy() {
    return ConfiguredStrategy.of(descriptor(), options());
  }

  @Test
  void declarationIsWellFormedAndDefaultsRoundTrip() {
    Descriptor<?, Saliency> d = descriptor();
    assertNotNull(d.defaults(), "default options");
    assertEquals(d.defaults(), d.options(Map.of()), d.name() + ": empty options give the defaults");
    assertEquals(
        d.defaults(), d.options(d.defaultOptions()),
        d.name() + ": the default options map back onto themselves");
    assertEquals(d.optionKeys(), new ArrayList<>(d.defaultOptions().keySet()));
    for (String key : d.optionKeys()) {
      assertTrue(key.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), "option key '" + key + "' is kebab-case");
    }
    ConfiguredStrategy s = strategy();
    assertEquals(d.name(), s.name());
  }

  @Test
  void oneFiniteScorePerParameterAndNoNaNForDeletedOnes() {
    ConfiguredStrategy s = strategy();
    for (ContractFixture f : fixtures()) {
      double[] scores = s.scores(f.context());
      Model m = f.model();
      assertEquals(
          m.network().parameterCount(), scores.length, f.name() + ": one score per parameter");
      for (int k = 0; k < scores.length; k++) {
        if (m.mask().isDeleted(k)) {
          assertFalse(Double.isNaN(scores[k]), f.name() + ": score of deleted parameter " + k);
        } else if (!Double.isFinite(scores[k])) {
          fail(f.name() + ": score of remaining parameter " + k + " is " + scores[k]);
        }
      }
    }
  }

  @Test
  void deletedParametersAreNeverSelected() {
    ConfiguredStrategy s = strategy();
    for (ContractFixture f : fixtures()) {
      Mask before = f.model().mask();
      if (before.deletedCount() == 0) {
        continue;
      }
      int eligible = 0;
      for (int k = 0; k < before.size(); k++) {
        if (!before.isDeleted(k) && !f.model().network().isBias(k)) {
          eligible++;
        }
      }
      SaliencyContext c = f.context();
      PruneResult r = new Pruner(PrunerConfig.count(eligible)).step(s, c);
      for (int k : r.deleted()) {
        assertFalse(before.isDeleted(k), f.name() + ": deleted parameter " + k + " was selected");
      }
      assertEquals(
          before.deletedCount() + worthDeleting(s, c, eligible), r.model().mask().deletedCount());
    }
  }

  @Test
  void deterministicUnderASeed() {
    for (ContractFixture f : fixtures()) {
      double[] a = strategy().scores(f.context());
      double[] b = strategy().scores(f.context());
      assertArrayEquals(a, b, f.name() + ": same model, data and seed give the same scores");
      ConfiguredStrategy s = strategy();
      SaliencyContext c = f.context();
      assertArrayEquals(s.scores(c), s.scores(c), f.name() + ": scoring twice agrees");
    }
  }

  @Test
  void scoringAndDeletingDoNotModifyTheirInputs() {
    ConfiguredStrategy s = strategy();
    for (ContractFixture f : fixtures()) {
      Model m = f.model();
      double[] params = m.parameters();
      Mask mask = m.mask();
      Dataset d = f.data();
      double[] inputs = d.inputs().data.clone();
      double[] targets = d.targets().data.clone();
      SaliencyContext c = f.context();
      s.scores(c);
      s.delete(c, firstRemaining(m, 2));
      assertArrayEquals(params, m.parameters(), f.name() + ": parameters unchanged");
      assertEquals(mask, m.mask(), f.name() + ": mask unchanged");
      assertArrayEquals(inputs, d.inputs().data, f.name() + ": inputs unchanged");
      assertArrayEquals(targets, d.targets().data, f.name() + ": targets unchanged");
      assertEquals(m, c.model(), f.name() + ": the context's model unchanged");
    }
  }

  @Test
  void deleteDeletesExactlyTheGivenParameters() {
    ConfiguredStrategy s = strategy();
    for (ContractFixture f : fixtures()) {
      Model m = f.model();
      int[] idx = firstRemaining(m, 3);
      SaliencyContext c = f.context();
      s.scores(c);
      Model after = s.delete(c, idx);
      assertEquals(m.network(), after.network(), f.name());
      assertEquals(m.mask().delete(idx), after.mask(), f.name() + ": mask after delete");
      for (int k = 0; k < m.network().parameterCount(); k++) {
        if (after.mask().isDeleted(k)) {
          assertEquals(0.0, after.parameter(k), f.name() + ": deleted parameter " + k + " is 0");
        } else if (compensates()) {
          assertTrue(Double.isFinite(after.parameter(k)), f.name() + ": parameter " + k);
        } else {
          assertEquals(
              m.parameter(k), after.parameter(k),
              f.name() + ": parameter " + k + " unchanged by a non-compensating delete");
        }
      }
    }
  }

  @Test
  void aPruningStepDeletesExactlyTheCountAsked() {
    ConfiguredStrategy s = strategy();
    for (ContractFixture f : fixtures()) {
      SaliencyContext c = f.context();
      int want = worthDeleting(s, c, 3);
      PruneResult r = new Pruner(PrunerConfig.count(3)).step(s, c);
      assertEquals(want, r.deleted().length, f.name());
      assertEquals(
          f.model().mask().deletedCount() + want, r.model().mask().deletedCount(), f.name());
      assertEquals(r.predictedChange().isPresent(), s.predictsObjectiveChange(), f.name());
    }
  }

  /**
   * How many of {@code n} asked-for weights a step deletes: {@code n}, or fewer when the
   * strategy's own rule ({@link org.obd.saliency.Saliency#deletionThreshold()}) finds fewer
   * remaining weights worth deleting.
   */
  private static int worthDeleting(ConfiguredStrategy s, SaliencyContext c, int n) {
    double threshold = s.deletionThreshold();
    double[] scores = s.scores(c);
    Model m = c.model();
    int below = 0;
    for (int k = 0; k < scores.length; k++) {
      if (!m.mask().isDeleted(k) && !m.network().isBias(k) && scores[k] < threshold) {
        below++;
      }
    }
    return Math.min(n, below);
  }

  private static int[] firstRemaining(Model m, int n) {
    List<Integer> idx = new ArrayList<>();
    for (int k = 0; k < m.network().parameterCount() && idx.size() < n; k++) {
      if (!m.mask().isDeleted(k)) {
        idx.add(k);
      }
    }
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }
}
