package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link Compaction} on random networks of dense, conv2d, avgpool and flatten layers in any order
 * (conv2d after dense or flatten reads 1×1 maps, dense after conv2d reads the maps flat), with
 * random masks, many of which kill whole units or channels. obd-testkit's arbitraries build only
 * dense stacks and conv–pool–flatten–dense networks (and obd-core's tests cannot use the kit), so
 * the networks come from {@link #cases()} here.
 */
class CompactionProperties {

  /** Largest parameter count of a generated network. */
  static final int MAX_PARAMETERS = 500;

  /** One layer of a generated network, interpreted by {@link #network}. */
  record LayerSpec(int kind, int n, int k, int stride, Activation activation) {}

  /** A pruned model and inputs to compare outputs on. */
  record Case(Model model, Dataset inputs) {
    @Override
    public String toString() {
      return model.network() + " " + model.mask();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Shape> input =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 5).map(Shape::flat),
            Combinators.combine(
                    Arbitraries.integers().between(1, 2),
                    Arbitraries.integers().between(3, 7),
                    Arbitraries.integers().between(3, 7))
                .as(Shape::new));
    Arbitrary<Integer> kinds =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0)),
            Tuple.of(3, Arbitraries.just(1)),
            Tuple.of(2, Arbitraries.just(2)),
            Tuple.of(1, Arbitraries.just(3)));
    Arbitrary<LayerSpec> layer =
        Combinators.combine(
                kinds,
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 2),
                Arbitraries.of(Activation.class))
            .as(LayerSpec::new);
    Arbitrary<Network> networks =
        Combinators.combine(input, layer.list().ofMinSize(1).ofMaxSize(6))
            .as(CompactionProperties::network)
            .filter(n -> n.parameterCount() > 0 && n.parameterCount() <= MAX_PARAMETERS);
    return networks.flatMap(
        net -> Arbitraries.randomValue(r -> new Case(pruned(net, r), inputs(net, 4, r))));
  }

  /**
   * The network of the specs: kind 0 dense of {@code n} units; 1 conv2d of {@code n} channels,
   * kernel {@code k × k} cut to the input, given stride; 2 avgpool of size {@code min(k, 2)} cut to
   * the input; 3 flatten.
   */
  static Network network(Shape input, List<LayerSpec> specs) {
    Network.Builder b = Network.builder(input);
    for (LayerSpec s : specs) {
      Shape in = b.current();
      switch (s.kind()) {
        case 0 -> b.dense(s.n(), s.activation());
        case 1 -> b.conv2d(
            s.n(), Math.min(s.k(), in.height()), Math.min(s.k(), in.width()), s.stride(),
            s.activation());
        case 2 -> b.avgpool(
            Math.min(Math.min(s.k(), 2), Math.min(in.height(), in.width())), s.activation());
        default -> b.flatten();
      }
    }
    return b.build();
  }

  /**
   * Gaussian parameters (standard deviation 0.5) and a mask: nothing deleted one time in six,
   * otherwise a random share of the parameters, and (two times in three) whole units killed on
   * top: all their incoming weights (and their bias half the time) or all their outgoing weights.
   */
  static Model pruned(Network net, Random r) {
    double[] theta = new double[net.parameterCount()];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = 0.5 * r.nextGaussian();
    }
    int mode = r.nextInt(6);
    if (mode == 0) {
      return new Model(net, theta);
    }
    BitSet deleted = new BitSet();
    double share = r.nextDouble() * (mode <= 2 ? 1.0 : 0.3);
    for (int k = 0; k < theta.length; k++) {
      if (r.nextDouble() < share) {
        deleted.set(k);
      }
    }
    if (mode >= 2) {
      double kill = 0.1 + 0.4 * r.nextDouble();
      List<Integer> weighted = weightedLayers(net);
      for (int li : weighted) {
        Layer l = net.layers().get(li);
        int units = l.biasCount();
        int row = l.weightCount() / units;
        for (int u = 0; u < units; u++) {
          if (r.nextDouble() < kill) {
            deleted.set(net.weightOffset(li) + u * row, net.weightOffset(li) + (u + 1) * row);
            if (r.nextBoolean()) {
              deleted.set(net.biasOffset(li) + u);
            }
          }
        }
      }
      for (int k = 0; k + 1 < weighted.size(); k++) {
        int producer = weighted.get(k);
        int reader = weighted.get(k + 1);
        for (int u = 0; u < net.layers().get(producer).biasCount(); u++) {
          if (r.nextDouble() < kill) {
            for (int j = 0; j < net.layers().get(reader).weightCount(); j++) {
              if (producerUnit(net, producer, reader, j) == u) {
                deleted.set(net.weightOffset(reader) + j);
              }
            }
          }
        }
      }
    }
    return new Model(net, theta).withMask(Mask.of(theta.length, deleted.stream().toArray()));
  }

  static Dataset inputs(Network net, int n, Random r) {
    double[][] x = new double[n][net.inputShape().size()];
    for (double[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextGaussian();
      }
    }
    return Dataset.of(x, new double[n][net.outputShape().size()]);
  }

  /** Indices of the dense and conv2d layers. */
  static List<Integer> weightedLayers(Network net) {
    List<Integer> w = new ArrayList<>();
    for (int i = 0; i < net.layers().size(); i++) {
      if (net.layers().get(i).weightCount() > 0) {
        w.add(i);
      }
    }
    return w;
  }

  /**
   * The unit of layer {@code producer} whose value weight {@code j} of layer {@code reader} (the
   * next weighted layer) reads, found by decoding the weight's input position and following the
   * layers between back to the producer's output channels.
   */
  static int producerUnit(Network net, int producer, int reader, int j) {
    Layer q = net.layers().get(reader);
    Shape in = q.inputShape();
    int channel;
    if (q instanceof Conv2d c) {
      channel = (j / (c.kernelHeight() * c.kernelWidth())) % c.inChannels();
    } else {
      channel = (j % in.size()) / (in.height() * in.width());
    }
    int units = net.layers().get(producer).biasCount();
    return channel / (in.channels() / units);
  }

  /** The network's raw outputs on the inputs. */
  static DMatrixRMaj outputs(Model m, Dataset inputs) {
    return new Objective(m.network(), Loss.MSE, 3, false).outputs(m.parameters(), inputs);
  }

  /** Asserts equal outputs up to {@code 1e-12} relative (absolute below magnitude 1). */
  static void assertSameOutputs(Model expected, Model actual, Dataset inputs) {
    DMatrixRMaj e = outputs(expected, inputs);
    DMatrixRMaj a = outputs(actual, inputs);
    assertEquals(e.getNumElements(), a.getNumElements());
    for (int i = 0; i < e.getNumElements(); i++) {
      double tol = 1e-12 * Math.max(1.0, Math.abs(e.data[i]));
      assertEquals(e.data[i], a.data[i], tol, "output " + i);
    }
  }

  /**
   * The dead units of a model, as {@code layer<i>.unit<u>} strings, found independently of {@link
   * Compaction}: hidden units all of whose incoming weights, or all of whose outgoing weights, are
   * deleted — except the one unit of a layer whose only unit is an inert placeholder (its weights,
   * bias and outgoing weights all deleted).
   */
  static List<String> deadUnits(Model m) {
    Network net = m.network();
    List<Integer> weighted = weightedLayers(net);
    List<String> dead = new ArrayList<>();
    for (int k = 0; k + 1 < weighted.size(); k++) {
      int producer = weighted.get(k);
      int reader = weighted.get(k + 1);
      Layer p = net.layers().get(producer);
      int units = p.biasCount();
      boolean[] readsSomething = new boolean[units];
      boolean[] read = new boolean[units];
      for (int j = 0; j < p.weightCount(); j++) {
        if (!m.mask().isDeleted(net.weightOffset(producer) + j)) {
          readsSomething[j / (p.weightCount() / units)] = true;
        }
      }
      for (int j = 0; j < net.layers().get(reader).weightCount(); j++) {
        if (!m.mask().isDeleted(net.weightOffset(reader) + j)) {
          read[producerUnit(net, producer, reader, j)] = true;
        }
      }
      for (int u = 0; u < units; u++) {
        boolean placeholder =
            units == 1 && !readsSomething[0] && !read[0]
                && m.mask().isDeleted(net.biasOffset(producer));
        if ((!readsSomething[u] || !read[u]) && !placeholder) {
          dead.add("layer" + producer + ".unit" + u);
        }
      }
    }
    return dead;
  }

  @Property(tries = 400, seed = "20260301")
  void compactOutputsEqualPrunedOutputs(@ForAll("cases") Case c) {
    Compaction.Result r = Compaction.compact(c.model());
    assertSameOutputs(c.model(), r.model(), c.inputs());
  }

  @Property(tries = 400, seed = "20260302")
  void compactModelHasNoDeadUnits(@ForAll("cases") Case c) {
    assertEquals(List.of(), deadUnits(Compaction.compact(c.model()).model()));
  }

  @Property(tries = 300, seed = "20260303")
  void compactingTwiceRemovesNothingMore(@ForAll("cases") Case c) {
    Model once = Compaction.compact(c.model()).model();
    Compaction.Result twice = Compaction.compact(once);
    assertEquals(0, twice.unitsRemoved());
    assertEquals(0, twice.biasesRestored());
    assertEquals(once, twice.model());
  }

  @Property(tries = 300, seed = "20260304")
  void shapesLayersAndCountsAreKept(@ForAll("cases") Case c) {
    Model pruned = c.model();
    Compaction.Result r = Compaction.compact(pruned);
    Network before = pruned.network();
    Network after = r.model().network();
    assertEquals(before.inputShape(), after.inputShape());
    assertEquals(before.outputShape(), after.outputShape());
    assertEquals(before.layers().size(), after.layers().size());
    assertEquals(before.layers().size(), r.layers().size());
    for (int i = 0; i < before.layers().size(); i++) {
      Layer lb = before.layers().get(i);
      Layer la = after.layers().get(i);
      assertEquals(lb.type(), la.type());
      assertEquals(lb.activation(), la.activation());
      Compaction.LayerUnits u = r.layers().get(i);
      assertEquals(i, u.layer());
      assertEquals(lb.weightCount() > 0 ? lb.biasCount() : 0, u.before());
      assertEquals(la.weightCount() > 0 ? la.biasCount() : 0, u.after());
      assertTrue(u.after() >= 1 || la.weightCount() == 0);
    }
    assertEquals(before.parameterCount(), r.parametersBefore());
    assertEquals(after.parameterCount(), r.parametersAfter());
    assertEquals(pruned.mask().remaining(), r.remainingBefore());
    assertEquals(r.model().mask().remaining(), r.remainingAfter());
    assertTrue(r.remainingAfter() <= r.remainingBefore(), r.toString());
    assertTrue(r.parametersAfter() <= r.parametersBefore());
    assertTrue(r.biasesRestored() >= 0 && r.biasesRestored() <= r.remainingAfter());
  }

  @Property(tries = 200, seed = "20260305")
  void nothingDeletedGivesTheSameModel(@ForAll("cases") Case c) {
    Network net = c.model().network();
    Random random = new Random(c.model().hashCode());
    double[] theta = new double[net.parameterCount()];
    for (int k = 0; k < theta.length; k++) {
      theta[k] = 0.5 * random.nextGaussian();
    }
    Model full = new Model(net, theta);
    Compaction.Result r = Compaction.compact(full);
    assertEquals(full, r.model());
    assertEquals(0, r.unitsRemoved());
    assertEquals(r.remainingBefore(), r.remainingAfter());
  }

  @Property(tries = 200, seed = "20260306")
  void modelJsonRoundTripsACompactModel(@ForAll("cases") Case c) {
    Model compact = Compaction.compact(c.model()).model();
    assertEquals(compact, ModelJson.parse(ModelJson.toJson(compact)));
  }
}
