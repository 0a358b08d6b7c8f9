package org.obd.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The network a pruned {@link Model} actually computes: a smaller model with its dead units
 * removed, whose outputs equal the pruned model's, up to rounding, for every input.
 *
 * <p>A <em>unit</em> is a neuron of a hidden dense layer or an output channel (feature map) of a
 * hidden conv2d layer; <em>hidden</em> means that another dense or conv2d layer follows (its
 * <em>reader</em>), possibly through avgpool and flatten layers. Deletion is read off the mask,
 * not off the values (a kept weight that happens to be 0 is a weight). A unit is dead when
 *
 * <ul>
 *   <li><b>nothing reads it</b>: every weight of the reader that reads any of the unit's values is
 *       deleted. It is removed with its incoming weights and bias; the outputs do not change.
 *   <li><b>it reads nothing</b>: all its incoming weights are deleted. It then outputs the
 *       constant {@code c = f(b)} at every position ({@code f(0)} when its bias is deleted too),
 *       which every layer between it and its reader keeps constant: an avgpool averages equal
 *       values into the same value (computed as avgpool computes it) and applies its own
 *       activation, a flatten copies it. A dense reader receives {@code c} in every input that
 *       comes from the unit, a conv2d reader in every input position of the unit's channels; as
 *       obd's convolutions have valid padding only, every kernel tap of every output position
 *       reads {@code c}, so in both cases the contribution {@code c · Σ w} (over the reader
 *       unit's weights from the dead unit) is the same for every input and position and is added
 *       to that reader unit's bias. The unit is then removed like one that nothing reads. No
 *       combination of obd's layers prevents this folding.
 * </ul>
 *
 * <p>Removing units changes the shapes downstream (a dense reader loses the unit's inputs, a
 * conv2d reader its input channels, an avgpool or flatten between them the unit's channel) but
 * never the network's input or output shape, and never a layer: the network keeps its layer
 * sequence, kernels, strides, pool sizes and activations. Removal can leave other units dead
 * (their only reader or only input gone); compaction repeats until no unit is dead.
 *
 * <p>What stays:
 *
 * <ul>
 *   <li>the network's inputs and its output units (those of the last dense or conv2d layer), dead
 *       or not, since the shapes must not change;
 *   <li>one unit of a layer whose units are all dead, since a layer needs at least one unit: it
 *       becomes an inert <em>placeholder</em> with all its weights, its bias and the reader's
 *       weights from it deleted (its constant, if any, folded into the reader's biases first).
 *       The network's output is then constant or independent of the layers before it;
 *   <li>deleted weights of kept units: they stay in the model, deleted in its mask (value 0), so
 *       that retraining and later pruning steps treat them as pruned; the parameter count shrinks
 *       by the removed units' parameters only, while {@link Mask#remaining()} counts what is left;
 *   <li>a deleted bias of a reader unit that receives a non-zero folded constant: it holds the
 *       constant and is no longer deleted (counted in {@link Result#biasesRestored()}). Every
 *       such bias replaces at least one kept, non-zero weight from the dead unit, which goes, so
 *       the compact model never has more remaining parameters than the pruned one;
 *   <li>parts of units: a channel is kept or removed whole, even when its reader's weights from
 *       some of its positions are all deleted or a strided reader skips some of them;
 *   <li>units that are constant or unused for reasons other than the mask (a relu that is never
 *       active on the data, kept weights equal to 0): compaction reads the mask, not the values.
 * </ul>
 *
 * <p>Outputs differ from the pruned model's by rounding only: a folded constant is added to a bias
 * once instead of term by term in each sum. Compacting a compact model changes nothing, and a
 * model whose mask deletes nothing is returned as an equal model.
 */
public final class Compaction {

  private Compaction() {}

  /**
   * The units of one layer before and after compaction.
   *
   * @param layer index of the layer in the network (the same in both models)
   * @param type the layer's model-file type name
   * @param before units of the pruned model's layer: dense units, conv2d output channels; 0 for
   *     avgpool and flatten, which have none of their own
   * @param after units of the compact model's layer, counted the same way
   */
  public record LayerUnits(int layer, String type, int before, int after) {

    /** Units removed from this layer. */
    public int removed() {
      return before - after;
    }
  }

  /**
   * The outcome of {@link #compact(Model)}.
   *
   * @param model the compact model
   * @param layers one entry per layer of the network, in order
   * @param parametersBefore the pruned network's parameter count (deleted parameters included)
   * @param parametersAfter the compact network's parameter count (deleted parameters included)
   * @param remainingBefore parameters the pruned model's mask keeps
   * @param remainingAfter parameters the compact model's mask keeps; at most {@code
   *     remainingBefore}
   * @param biasesRestored biases that the pruned model's mask deleted and that the compact model
   *     keeps because a dead unit's constant was folded into them (included in {@code
   *     remainingAfter})
   */
  public record Result(
      Model model,
      List<LayerUnits> layers,
      int parametersBefore,
      int parametersAfter,
      int remainingBefore,
      int remainingAfter,
      int biasesRestored) {

    /** Copies the layer list. */
    public Result {
      Objects.requireNonNull(model, "model");
      layers = List.copyOf(layers);
    }

    /** Units removed over all layers. */
    public int unitsRemoved() {
      int n = 0;
      for (LayerUnits l : layers) {
        n += l.removed();
      }
      return n;
    }
  }

  /**
   * Compacts a pruned model: removes its dead units as the class description says, repeating
   * until none is left.
   *
   * @param pruned any model (with nothing deleted, the result holds an equal model)
   * @return the compact model and what was removed
   */
  public static Result compact(Model pruned) {
    Objects.requireNonNull(pruned, "pruned model");
    Network net = pruned.network();
    List<Layer> layers = net.layers();
    Rows[] rows = new Rows[layers.size()];
    List<Integer> weighted = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).weightCount() > 0) {
        rows[i] = new Rows(pruned, i);
        weighted.add(i);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int k = 0; k + 1 < weighted.size(); k++) {
        int from = weighted.get(k);
        int to = weighted.get(k + 1);
        changed |= compactPair(rows[from], rows[to], layers.subList(from + 1, to));
      }
    }
    return result(pruned, rows);
  }

  /**
   * Removes the dead units of {@code producer}, whose reader is {@code reader} through the
   * parameter-free layers {@code between}: folds the constants of those that read nothing, then
   * removes them all, or keeps one as a placeholder when all are dead.
   *
   * @return whether anything changed
   */
  private static boolean compactPair(Rows producer, Rows reader, List<Layer> between) {
    int span = reader.rowLength / producer.units;
    boolean[] dead = new boolean[producer.units];
    int deadCount = 0;
    for (int u = 0; u < producer.units; u++) {
      boolean readsNothing = producer.allDeleted(u);
      boolean unread = reader.spanDeleted(u, span);
      if (readsNothing && !unread) {
        reader.fold(u, span, producer.constant(u, between));
      }
      if (readsNothing || unread) {
        dead[u] = true;
        deadCount++;
      }
    }
    if (deadCount == 0) {
      return false;
    }
    if (deadCount < producer.units) {
      producer.removeUnits(dead);
      reader.removeSpans(dead, span);
      return true;
    }
    // every unit is dead: keep the first as an inert placeholder
    boolean changed = producer.units > 1;
    dead[0] = false;
    producer.removeUnits(dead);
    reader.removeSpans(dead, span);
    changed |= producer.deleteUnit(0);
    changed |= reader.deleteSpan(0, span);
    return changed;
  }

  /** Builds the compact model from the rows and compares it with the pruned one. */
  private static Result result(Model pruned, Rows[] rows) {
    Network net = pruned.network();
    List<Layer> layers = net.layers();
    Network.Builder b = Network.builder(net.inputShape());
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      if (l instanceof Dense) {
        b.dense(rows[i].units, l.activation());
      } else if (l instanceof Conv2d c) {
        b.conv2d(rows[i].units, c.kernelHeight(), c.kernelWidth(), c.stride(), c.activation());
      } else if (l instanceof AvgPool p) {
        b.avgpool(p.size(), p.activation());
      } else {
        b.flatten();
      }
    }
    Network compact = b.build();
    double[] theta = new double[compact.parameterCount()];
    List<Integer> deleted = new ArrayList<>();
    int restored = 0;
    List<LayerUnits> units = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Rows r = rows[i];
      if (r == null) {
        units.add(new LayerUnits(i, layers.get(i).type(), 0, 0));
        continue;
      }
      units.add(new LayerUnits(i, layers.get(i).type(), unitsOf(layers.get(i)), r.units));
      int w = compact.weightOffset(i);
      int bias = compact.biasOffset(i);
      if (bias - w != r.weights.length || compact.layers().get(i).biasCount() != r.units) {
        throw new AssertionError("layer " + i + " of the compact network does not fit its rows");
      }
      System.arraycopy(r.weights, 0, theta, w, r.weights.length);
      System.arraycopy(r.bias, 0, theta, bias, r.units);
      for (int j = 0; j < r.weights.length; j++) {
        if (r.weightDeleted[j]) {
          deleted.add(w + j);
        }
      }
      for (int u = 0; u < r.units; u++) {
        if (r.biasDeleted[u]) {
          deleted.add(bias + u);
        } else if (r.biasRestored[u]) {
          restored++;
        }
      }
    }
    int[] indices = deleted.stream().mapToInt(Integer::intValue).toArray();
    Model model = new Model(compact, theta, Mask.of(theta.length, indices));
    return new Result(
        model,
        units,
        net.parameterCount(),
        compact.parameterCount(),
        pruned.mask().remaining(),
        model.mask().remaining(),
        restored);
  }

  private static int unitsOf(Layer l) {
    return l.weightCount() > 0 ? l.biasCount() : 0;
  }

  /**
   * A dense or conv2d layer being compacted: one row of weights per unit (a dense unit's inputs, a
   * conv2d output channel's kernels {@code [inChannels][kh][kw]} row-major), its biases, and which
   * of them are deleted. A producer unit owns the same contiguous span of every row of its reader:
   * the reader's inputs (dense) or input channels' kernels (conv2d) that come from it, as avgpool
   * and flatten keep channels apart and in order.
   */
  private static final class Rows {
    final Layer layer;
    int units;
    int rowLength;
    double[] weights;
    boolean[] weightDeleted;
    double[] bias;
    boolean[] biasDeleted;
    /** Biases the pruned model deleted that now hold a folded constant. */
    boolean[] biasRestored;

    Rows(Model model, int i) {
      Network net = model.network();
      layer = net.layers().get(i);
      units = layer.biasCount();
      rowLength = layer.weightCount() / units;
      int w = net.weightOffset(i);
      int b = net.biasOffset(i);
      weights = new double[layer.weightCount()];
      weightDeleted = new boolean[weights.length];
      for (int j = 0; j < weights.length; j++) {
        weights[j] = model.parameter(w + j);
        weightDeleted[j] = model.mask().isDeleted(w + j);
      }
      bias = new double[units];
      biasDeleted = new boolean[units];
      biasRestored = new boolean[units];
      for (int u = 0; u < units; u++) {
        bias[u] = model.parameter(b + u);
        biasDeleted[u] = model.mask().isDeleted(b + u);
      }
    }

    /** Whether every incoming weight of unit {@code u} is deleted. */
    boolean allDeleted(int u) {
      for (int j = u * rowLength, end = j + rowLength; j < end; j++) {
        if (!weightDeleted[j]) {
          return false;
        }
      }
      return true;
    }

    /** Whether the reader weights of producer unit {@code p} (its span in each row) are deleted. */
    boolean spanDeleted(int p, int span) {
      for (int o = 0; o < units; o++) {
        for (int j = o * rowLength + p * span, end = j + span; j < end; j++) {
          if (!weightDeleted[j]) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * The value unit {@code u}, reading nothing, gives its reader: {@code f(b)} carried through
     * the avgpool and flatten layers {@code between}, each avgpool averaging as it does.
     */
    double constant(int u, List<Layer> between) {
      double v = layer.activation().value(bias[u]);
      for (Layer l : between) {
        if (l instanceof AvgPool p) {
          int n = p.size() * p.size();
          double scale = 1.0 / n;
          double s = 0;
          for (int k = 0; k < n; k++) {
            s += v;
          }
          v = s * scale;
        }
        v = l.activation().value(v);
      }
      return v;
    }

    /** Adds {@code c · Σ w} over span {@code p} of each row to that unit's bias. */
    void fold(int p, int span, double c) {
      for (int o = 0; o < units; o++) {
        double s = 0;
        for (int j = o * rowLength + p * span, end = j + span; j < end; j++) {
          s += weights[j];
        }
        double add = c * s;
        if (add != 0.0) {
          bias[o] += add;
          if (biasDeleted[o]) {
            biasDeleted[o] = false;
            biasRestored[o] = true;
          }
        }
      }
    }

    /** Removes the units marked in {@code remove} (rows and biases). */
    void removeUnits(boolean[] remove) {
      int kept = 0;
      for (int u = 0; u < units; u++) {
        if (!remove[u]) {
          int from = u * rowLength;
          int to = kept * rowLength;
          System.arraycopy(weights, from, weights, to, rowLength);
          System.arraycopy(weightDeleted, from, weightDeleted, to, rowLength);
          bias[kept] = bias[u];
          biasDeleted[kept] = biasDeleted[u];
          biasRestored[kept] = biasRestored[u];
          kept++;
        }
      }
      units = kept;
      weights = Arrays.copyOf(weights, kept * rowLength);
      weightDeleted = Arrays.copyOf(weightDeleted, kept * rowLength);
      bias = Arrays.copyOf(bias, kept);
      biasDeleted = Arrays.copyOf(biasDeleted, kept);
      biasRestored = Arrays.copyOf(biasRestored, kept);
    }

    /**
     * Removes from every row the spans of the producer units marked in {@code remove}; the rows
     * shrink accordingly.
     */
    void removeSpans(boolean[] remove, int span) {
      int removed = 0;
      for (boolean r : remove) {
        removed += r ? 1 : 0;
      }
      if (removed == 0) {
        return;
      }
      int newLength = rowLength - removed * span;
      double[] w = new double[units * newLength];
      boolean[] d = new boolean[w.length];
      int to = 0;
      for (int o = 0; o < units; o++) {
        for (int p = 0; p < remove.length; p++) {
          if (!remove[p]) {
            int from = o * rowLength + p * span;
            System.arraycopy(weights, from, w, to, span);
            System.arraycopy(weightDeleted, from, d, to, span);
            to += span;
          }
        }
      }
      weights = w;
      weightDeleted = d;
      rowLength = newLength;
    }

    /**
     * Deletes unit {@code u}'s weights and bias (set to 0).
     *
     * @return whether any of them was kept before
     */
    boolean deleteUnit(int u) {
      boolean changed = !biasDeleted[u];
      bias[u] = 0.0;
      biasDeleted[u] = true;
      biasRestored[u] = false;
      for (int j = u * rowLength, end = j + rowLength; j < end; j++) {
        changed |= !weightDeleted[j];
        weights[j] = 0.0;
        weightDeleted[j] = true;
      }
      return changed;
    }

    /**
     * Deletes the weights reading producer unit {@code p} (span {@code p} of each row).
     *
     * @return whether any of them was kept before
     */
    boolean deleteSpan(int p, int span) {
      boolean changed = false;
      for (int o = 0; o < units; o++) {
        for (int j = o * rowLength + p * span, end = j + span; j < end; j++) {
          changed |= !weightDeleted[j];
          weights[j] = 0.0;
          weightDeleted[j] = true;
        }
      }
      return changed;
    }
  }
}
