package org.obd.saliency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;

/**
 * Turns a strategy's scores into deletions: ranks the eligible parameters (remaining, and weights
 * only unless biases are included) by ascending score, ties broken by ascending index, so a step
 * deletes exactly the number asked for even when scores tie; then lets the strategy delete them
 * ({@link Saliency#delete}, which may compensate).
 */
public final class Pruner {

  private final PrunerConfig config;

  /** A pruner with the given step size and scope. */
  public Pruner(PrunerConfig config) {
    this.config = config;
  }

  /** The configuration. */
  public PrunerConfig config() {
    return config;
  }

  /**
   * Scores the context's model with {@code strategy}, selects and deletes.
   *
   * @throws IllegalArgumentException if the scores have the wrong length or a remaining parameter's
   *     score is NaN (naming the strategy and the parameter), or more parameters are asked for than
   *     remain
   * @throws IllegalStateException if the strategy's {@code delete} does not delete exactly the
   *     selected parameters
   */
  public PruneResult step(ConfiguredStrategy strategy, SaliencyContext context) {
    return step(strategy, context, strategy.scores(context));
  }

  /**
   * {@link #step(ConfiguredStrategy, SaliencyContext)} with scores already computed by the
   * strategy for the context's model (so a caller that inspected them does not score twice).
   */
  public PruneResult step(ConfiguredStrategy strategy, SaliencyContext context, double[] scores) {
    Model before = context.model();
    int[] selected = select(strategy.name(), scores, before, strategy.deletionThreshold());
    Model after = selected.length == 0 ? before : strategy.delete(context, selected);
    Mask expected = before.mask().delete(selected);
    if (after == null || !after.network().equals(before.network())
        || !after.mask().equals(expected)) {
      throw new IllegalStateException(
          "strategy '" + strategy.name() + "': delete() must return the model with exactly the "
              + selected.length + " selected parameters deleted; expected " + expected
              + ", found " + (after == null ? "null" : after.mask()));
    }
    double[] chosen = new double[selected.length];
    for (int i = 0; i < selected.length; i++) {
      chosen[i] = scores[selected[i]];
    }
    OptionalDouble predicted =
        selected.length == 0
            ? (strategy.predictsObjectiveChange() ? OptionalDouble.of(0.0) : OptionalDouble.empty())
            : strategy.predictedChange(context, selected, scores);
    return new PruneResult(strategy.name(), after, selected, chosen, predicted);
  }

  /**
   * The number of parameters a full step deletes from {@code model}: {@code count} (per layer in
   * per-layer scope) or {@code round(fraction × eligible)}, at most the eligible ones — what
   * {@link #select} returns when no threshold holds any back.
   */
  public int size(Model model) {
    Network net = model.network();
    Mask mask = model.mask();
    Map<Integer, Integer> eligible = new TreeMap<>();
    for (int k = 0; k < net.parameterCount(); k++) {
      if (!mask.isDeleted(k) && (config.includeBiases() || !net.isBias(k))) {
        int group = config.scope() == PrunerConfig.Scope.GLOBAL ? -1 : net.blockOf(k).layer();
        eligible.merge(group, 1, Integer::sum);
      }
    }
    int size = 0;
    for (int n : eligible.values()) {
      size += Math.min(n, want(n));
    }
    return size;
  }

  /** How many of {@code n} eligible parameters (of a layer, or all) one step asks for. */
  private int want(int n) {
    return config.count() != null
        ? config.count()
        : (int) Math.min(n, Math.max(1, Math.round(config.fraction() * n)));
  }

  /** {@link #select(String, double[], Model, double)} without a threshold. */
  public int[] select(String strategy, double[] scores, Model model) {
    return select(strategy, scores, model, Double.POSITIVE_INFINITY);
  }

  /**
   * The parameters a step deletes, in order of deletion (ascending score, ties by index): the
   * number the config asks for, counted among the eligible parameters, but only parameters scoring
   * strictly below {@code threshold} (the strategy's own rule, {@link Saliency#deletionThreshold()}),
   * so a step may delete fewer, or none.
   *
   * @param strategy the strategy's name, for messages
   * @param scores one per parameter
   * @param model the model being pruned (its mask and which parameters are biases)
   * @param threshold only scores below it are selected ({@code +∞}: no limit)
   */
  public int[] select(String strategy, double[] scores, Model model, double threshold) {
    Network net = model.network();
    Mask mask = model.mask();
    int p = net.parameterCount();
    if (scores == null || scores.length != p) {
      throw new IllegalArgumentException(
          "strategy '" + strategy + "' returned " + (scores == null ? "no" : scores.length)
              + " scores for a network of " + p + " parameters");
    }
    Map<Integer, List<Integer>> groups = new TreeMap<>();
    for (int k = 0; k < p; k++) {
      if (mask.isDeleted(k)) {
        continue;
      }
      if (Double.isNaN(scores[k])) {
        throw new IllegalArgumentException(
            "strategy '" + strategy + "' returned NaN for parameter "
                + net.blockOf(k).parameterName(k) + " (index " + k + ")");
      }
      if (!config.includeBiases() && net.isBias(k)) {
        continue;
      }
      int group = config.scope() == PrunerConfig.Scope.GLOBAL ? -1 : net.blockOf(k).layer();
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(k);
    }
    Comparator<Integer> byScore =
        Comparator.<Integer>comparingDouble(k -> scores[k]).thenComparingInt(k -> k);
    List<Integer> chosen = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
      List<Integer> eligible = g.getValue();
      int n = eligible.size();
      int want;
      if (config.count() != null) {
        want = config.count();
        if (want > n) {
          throw new IllegalArgumentException(
              "pruner: asked to delete " + want + " parameters but only " + n + " eligible"
                  + " remain" + (g.getKey() < 0 ? "" : " in layer " + g.getKey())
                  + (config.includeBiases() ? "" : " (biases excluded)"));
        }
      } else {
        want = want(n);
      }
      eligible.sort(byScore);
      int worth = 0;
      while (worth < want && scores[eligible.get(worth)] < threshold) {
        worth++;
      }
      chosen.addAll(eligible.subList(0, worth));
    }
    if (config.count() != null && groups.isEmpty()) {
      throw new IllegalArgumentException(
          "pruner: asked to delete " + config.count() + " parameters but only 0 eligible remain"
              + (config.includeBiases() ? "" : " (biases excluded)"));
    }
    chosen.sort(byScore);
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }
}
