package org.obd.testkit.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.obd.core.Mask;

/**
 * A sequence of optimizer steps on a {@link QuadraticProblem}, with parameters deleted between
 * steps (masks only grow): what the contract's properties run.
 *
 * @param dimension the number of parameters
 * @param seed the seed of the {@link QuadraticProblem}
 * @param deletions one entry per step: the indices deleted just before that step (often none;
 *     an index may repeat or already be deleted)
 * @param snapshotAfter a step count in {@code 0..steps()}: where the round-trip property takes
 *     its snapshot
 */
public record Schedule(int dimension, long seed, List<int[]> deletions, int snapshotAfter) {

  /** Validates the indices and the snapshot position; copies the list. */
  public Schedule {
    List<int[]> copy = new ArrayList<>();
    for (int[] d : deletions) {
      for (int k : d) {
        if (k < 0 || k >= dimension) {
          throw new IllegalArgumentException(
              "deleted index " + k + " is outside 0.." + (dimension - 1));
        }
      }
      copy.add(d.clone());
    }
    deletions = List.copyOf(copy);
    if (snapshotAfter < 0 || snapshotAfter > deletions.size()) {
      throw new IllegalArgumentException(
          "snapshotAfter must be in 0.." + deletions.size() + ", found " + snapshotAfter);
    }
  }

  /**
   * Schedules of 2 to 20 parameters and 1 to 25 steps; before each step, with probability 1/4,
   * one to three indices are deleted.
   */
  public static Arbitrary<Schedule> arbitrary() {
    return Arbitraries.integers()
        .between(2, 20)
        .flatMap(
            n -> {
              Arbitrary<int[]> none = Arbitraries.just(new int[0]);
              Arbitrary<int[]> some =
                  Arbitraries.integers().between(0, n - 1).array(int[].class).ofMinSize(1)
                      .ofMaxSize(3);
              Arbitrary<int[]> before = Arbitraries.oneOf(none, none, none, some);
              return Combinators.combine(
                      Arbitraries.longs(),
                      before.list().ofMinSize(1).ofMaxSize(25),
                      Arbitraries.integers().between(0, 25))
                  .as((seed, deletions, k) ->
                      new Schedule(n, seed, deletions, Math.min(k, deletions.size())));
            });
  }

  /** The number of steps. */
  public int steps() {
    return deletions.size();
  }

  /** The problem the schedule runs on. */
  public QuadraticProblem problem() {
    return QuadraticProblem.random(dimension, seed);
  }

  /** The mask in force at step {@code t} (all deletions before steps {@code 0..t}). */
  public Mask maskAt(int t) {
    Mask m = Mask.none(dimension);
    for (int i = 0; i <= t; i++) {
      m = m.delete(deletions.get(i));
    }
    return m;
  }

  /** Whether some parameter not yet deleted is deleted after at least one step. */
  public boolean deletesAfterAStep() {
    for (int t = 1; t < steps(); t++) {
      if (maskAt(t).deletedCount() > maskAt(t - 1).deletedCount()
          && maskAt(t - 1).remaining() > 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    List<String> d = new ArrayList<>();
    for (int[] x : deletions) {
      d.add(Arrays.toString(x));
    }
    return "Schedule[dimension " + dimension + ", seed " + seed + ", deletions before each step "
        + d + ", snapshot after " + snapshotAfter + "]";
  }
}
