package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made cases of {@link Compaction} where it is known which units must go. */
class CompactionTest {

  @TempDir Path dir;

  /** Index of weight {@code [row][col]} of a layer (conv2d: {@code col} runs over a whole row). */
  static int w(Network net, int layer, int row, int col) {
    Layer l = net.layers().get(layer);
    return net.weightOffset(layer) + row * (l.weightCount() / l.biasCount()) + col;
  }

  static int b(Network net, int layer, int unit) {
    return net.biasOffset(layer) + unit;
  }

  /** The indices of all incoming weights of unit {@code u} of layer {@code layer}. */
  static int[] incoming(Network net, int layer, int u) {
    Layer l = net.layers().get(layer);
    int row = l.weightCount() / l.biasCount();
    return IntStream.range(0, row).map(j -> w(net, layer, u, j)).toArray();
  }

  /** Gaussian parameters, seeded by the network's description. */
  static double[] gaussian(Network net) {
    Random r = new Random(net.toString().hashCode());
    double[] t = new double[net.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 0.5 * r.nextGaussian();
    }
    return t;
  }

  static Model prune(Network net, double[] theta, int... deleted) {
    return new Model(net, theta).withMask(Mask.of(net.parameterCount(), deleted));
  }

  static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  /** Compacts, checks equal outputs on random inputs and that a second compaction is a no-op. */
  static Compaction.Result compact(Model pruned) {
    Compaction.Result r = Compaction.compact(pruned);
    CompactionProperties.assertSameOutputs(
        pruned, r.model(), CompactionProperties.inputs(pruned.network(), 7, new Random(3)));
    Compaction.Result again = Compaction.compact(r.model());
    assertEquals(r.model(), again.model());
    assertEquals(0, again.unitsRemoved());
    assertEquals(List.of(), CompactionProperties.deadUnits(r.model()));
    return r;
  }

  static List<Integer> units(Compaction.Result r) {
    return r.layers().stream().map(Compaction.LayerUnits::after).toList();
  }

  static Set<String> deletedNames(Model m) {
    Set<String> names = new TreeSet<>();
    for (int k : m.mask().deletedIndices()) {
      names.add(m.network().blockOf(k).parameterName(k));
    }
    return names;
  }

  static Network dense(int... widths) {
    Network.Builder b = Network.builder(Shape.flat(widths[0]));
    for (int i = 1; i < widths.length; i++) {
      b.dense(widths[i], i + 1 < widths.length ? Activation.TANH : Activation.IDENTITY);
    }
    return b.build();
  }

  @Test
  void denseUnitWithAllIncomingWeightsDeletedIsFoldedIntoTheNextBiases() {
    Network net = dense(3, 4, 2);
    double[] t = gaussian(net);
    t[b(net, 0, 1)] = 0.7;
    Model pruned = prune(net, t, incoming(net, 0, 1));
    Compaction.Result r = compact(pruned);

    assertEquals(
        List.of(
            new Compaction.LayerUnits(0, "dense", 4, 3),
            new Compaction.LayerUnits(1, "dense", 2, 2)),
        r.layers());
    Model c = r.model();
    Network cn = c.network();
    assertEquals(dense(3, 3, 2), cn);
    double constant = Math.tanh(0.7);
    for (int o = 0; o < 2; o++) {
      assertEquals(
          t[b(net, 1, o)] + constant * t[w(net, 1, o, 1)], c.parameter(b(cn, 1, o)), 1e-15);
      int[] kept = {0, 2, 3};
      for (int j = 0; j < 3; j++) {
        assertEquals(t[w(net, 1, o, kept[j])], c.parameter(w(cn, 1, o, j)));
      }
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(t[w(net, 0, 2, i)], c.parameter(w(cn, 0, 1, i)));
    }
    assertEquals(26, r.parametersBefore());
    assertEquals(20, r.parametersAfter());
    assertEquals(23, r.remainingBefore());
    assertEquals(20, r.remainingAfter()); // the unit's bias and its two outgoing weights
    assertEquals(0, r.biasesRestored());
    assertEquals(1, r.unitsRemoved());
  }

  @Test
  void deadUnitWithItsBiasDeletedTooContributesTheActivationOfZero() {
    Network net =
        Network.builder(Shape.flat(2)).dense(2, Activation.SIGMOID).dense(1, Activation.IDENTITY)
            .build();
    double[] t = gaussian(net);
    Model pruned = prune(net, t, concat(incoming(net, 0, 0), new int[] {b(net, 0, 0)}));
    Model c = compact(pruned).model();
    assertEquals(
        t[b(net, 1, 0)] + 0.5 * t[w(net, 1, 0, 0)], c.parameter(b(c.network(), 1, 0)), 1e-15);
  }

  @Test
  void denseUnitWithAllOutgoingWeightsDeletedIsRemovedWithItsIncomingWeights() {
    Network net = dense(3, 4, 2);
    double[] t = gaussian(net);
    Model pruned = prune(net, t, w(net, 1, 0, 2), w(net, 1, 1, 2));
    Compaction.Result r = compact(pruned);
    assertEquals(List.of(3, 2), units(r));
    Model c = r.model();
    for (int o = 0; o < 2; o++) {
      assertEquals(t[b(net, 1, o)], c.parameter(b(c.network(), 1, o))); // nothing folded
    }
    assertEquals(t[w(net, 0, 3, 1)], c.parameter(w(c.network(), 0, 2, 1)));
    assertEquals(r.remainingBefore() - 4, r.remainingAfter()); // 3 incoming weights and the bias
  }

  @Test
  void convChannelWithItsKernelDeletedIsFoldedThroughAvgpoolAndFlatten() {
    Network net =
        Network.builder(new Shape(2, 6, 6))
            .conv2d(3, 3, 3, 1, Activation.SIGMOID)
            .avgpool(2, Activation.TANH)
            .flatten()
            .dense(2, Activation.IDENTITY)
            .build();
    double[] t = gaussian(net);
    t[b(net, 0, 1)] = 0.4;
    Compaction.Result r = compact(prune(net, t, incoming(net, 0, 1)));
    assertEquals(List.of(2, 0, 0, 2), units(r));
    Network cn = r.model().network();
    assertEquals(new Shape(2, 2, 2), cn.layers().get(1).outputShape());
    assertEquals(8, ((Dense) cn.layers().get(3)).in());
    double constant = Math.tanh(1 / (1 + Math.exp(-0.4)));
    for (int o = 0; o < 2; o++) {
      double sum = 0;
      for (int i = 4; i < 8; i++) { // channel 1's 2 x 2 pooled values
        sum += t[w(net, 3, o, i)];
      }
      assertEquals(t[b(net, 3, o)] + constant * sum, r.model().parameter(b(cn, 3, o)), 1e-15);
    }
  }

  @Test
  void convChannelFeedingAStridedConvIsFoldedIntoItsBiases() {
    Network net =
        Network.builder(new Shape(1, 7, 7))
            .conv2d(3, 2, 2, 1, Activation.RELU)
            .conv2d(2, 3, 3, 2, Activation.TANH)
            .flatten()
            .dense(2, Activation.IDENTITY)
            .build();
    double[] t = gaussian(net);
    t[b(net, 0, 0)] = 0.3;
    Compaction.Result r = compact(prune(net, t, incoming(net, 0, 0)));
    assertEquals(List.of(2, 2, 0, 2), units(r));
    Network cn = r.model().network();
    assertEquals(2, ((Conv2d) cn.layers().get(1)).inChannels());
    for (int o = 0; o < 2; o++) {
      double sum = 0;
      for (int j = 0; j < 9; j++) { // the kernel W[o][0][u][v] that read channel 0
        sum += t[w(net, 1, o, j)];
      }
      assertEquals(t[b(net, 1, o)] + 0.3 * sum, r.model().parameter(b(cn, 1, o)), 1e-15);
    }
  }

  @Test
  void removingAUnitThatReadsNothingKillsAUnitThatReadOnlyIt() {
    Network net =
        Network.builder(Shape.flat(2))
            .dense(3, Activation.TANH)
            .dense(2, Activation.SIGMOID)
            .dense(2, Activation.IDENTITY)
            .build();
    double[] t = gaussian(net);
    t[b(net, 0, 0)] = 0.5;
    // layer 0 unit 0 reads nothing; layer 1 unit 1 reads only layer 0 unit 0
    Model pruned =
        prune(net, t, concat(incoming(net, 0, 0), new int[] {w(net, 1, 1, 1), w(net, 1, 1, 2)}));
    Compaction.Result r = compact(pruned);
    assertEquals(List.of(2, 1, 2), units(r));
    double c0 = Math.tanh(0.5);
    double c1 = 1 / (1 + Math.exp(-(t[b(net, 1, 1)] + c0 * t[w(net, 1, 1, 0)])));
    Network cn = r.model().network();
    Model c = r.model();
    assertEquals(t[b(net, 1, 0)] + c0 * t[w(net, 1, 0, 0)], c.parameter(b(cn, 1, 0)), 1e-15);
    for (int o = 0; o < 2; o++) {
      assertEquals(t[b(net, 2, o)] + c1 * t[w(net, 2, o, 1)], c.parameter(b(cn, 2, o)), 1e-15);
    }
  }

  @Test
  void removingAnUnreadUnitKillsAUnitReadOnlyByIt() {
    Network net = dense(2, 3, 2, 2);
    double[] t = gaussian(net);
    // layer 1 unit 1 is unread; layer 0 unit 2 is read only by layer 1 unit 1
    Model pruned = prune(net, t, w(net, 2, 0, 1), w(net, 2, 1, 1), w(net, 1, 0, 2));
    Compaction.Result r = compact(pruned);
    assertEquals(List.of(2, 1, 2), units(r));
    assertEquals(2, r.unitsRemoved());
    Model c = r.model();
    for (int o = 0; o < 2; o++) {
      assertEquals(t[b(net, 2, o)], c.parameter(b(c.network(), 2, o))); // nothing folded
    }
    assertEquals(Set.of(), deletedNames(c)); // every deleted weight went with a removed unit
  }

  @Test
  void layerWhoseUnitsAreAllDeadKeepsOneInertPlaceholder() {
    Network net = dense(3, 3, 3, 2);
    double[] t = gaussian(net);
    int[] layer1 = concat(incoming(net, 1, 0), incoming(net, 1, 1), incoming(net, 1, 2));
    Compaction.Result r = compact(prune(net, t, layer1));
    assertEquals(List.of(1, 1, 2), units(r));
    Model c = r.model();
    // only the output biases are left: the outputs are constant
    Set<String> kept = new TreeSet<>(c.network().parameterNames());
    kept.removeAll(deletedNames(c));
    assertEquals(Set.of("layer2.bias[0]", "layer2.bias[1]"), kept);
    assertEquals(2, r.remainingAfter());
  }

  @Test
  void deletedBiasThatReceivesAConstantIsRestored() {
    Network net = dense(2, 2, 2);
    double[] t = gaussian(net);
    t[b(net, 0, 0)] = 0.8;
    Model pruned = prune(net, t, concat(incoming(net, 0, 0), new int[] {b(net, 1, 0)}));
    Compaction.Result r = compact(pruned);
    Model c = r.model();
    int restored = b(c.network(), 1, 0);
    assertFalse(c.mask().isDeleted(restored));
    assertEquals(Math.tanh(0.8) * t[w(net, 1, 0, 0)], c.parameter(restored), 1e-15);
    assertEquals(1, r.biasesRestored());
    assertEquals(r.remainingBefore() - 3 + 1, r.remainingAfter()); // bias, 2 weights out; 1 back
  }

  @Test
  void deletedWeightsOfKeptUnitsStayDeleted() {
    Network net = dense(3, 4, 2);
    double[] t = gaussian(net);
    int[] deleted =
        concat(incoming(net, 0, 1), new int[] {w(net, 0, 0, 2), w(net, 1, 1, 3), b(net, 0, 3)});
    Compaction.Result r = compact(prune(net, t, deleted));
    assertEquals(
        Set.of("layer0.weight[0][2]", "layer1.weight[1][2]", "layer0.bias[2]"),
        deletedNames(r.model()));
  }

  @Test
  void inputsOutputsAndUnitsThatAreAliveStay() {
    // an input that nothing reads, an output unit that reads nothing
    Network net = dense(3, 2, 2);
    double[] t = gaussian(net);
    Model pruned =
        prune(net, t, concat(new int[] {w(net, 0, 0, 1), w(net, 0, 1, 1)}, incoming(net, 1, 0)));
    Compaction.Result r = compact(pruned);
    assertEquals(pruned, r.model());
    assertEquals(0, r.unitsRemoved());

    // an output channel that reads nothing, the last conv2d followed by avgpool and flatten
    Network conv =
        Network.builder(new Shape(1, 5, 5))
            .dense(4, Activation.TANH)
            .flatten()
            .conv2d(2, 1, 1, 1, Activation.TANH)
            .avgpool(1, Activation.SIGMOID)
            .flatten()
            .build();
    double[] tc = gaussian(conv);
    Model prunedConv = prune(conv, tc, incoming(conv, 2, 1));
    Compaction.Result rc = compact(prunedConv);
    assertEquals(prunedConv, rc.model());
  }

  @Test
  void denseAfterConvWithoutFlattenLosesTheDeadChannelsValues() {
    Network net =
        Network.builder(new Shape(1, 4, 4))
            .conv2d(3, 2, 2, 1, Activation.SCALED_TANH)
            .dense(2, Activation.IDENTITY)
            .build();
    double[] t = gaussian(net);
    List<Integer> unread = new ArrayList<>();
    for (int o = 0; o < 2; o++) {
      for (int i = 18; i < 27; i++) { // channel 2's 3 x 3 values
        unread.add(w(net, 1, o, i));
      }
    }
    Compaction.Result r =
        compact(prune(net, t, unread.stream().mapToInt(Integer::intValue).toArray()));
    assertEquals(List.of(2, 2), units(r));
    assertEquals(18, ((Dense) r.model().network().layers().get(1)).in());
    assertEquals(r.remainingBefore() - 5, r.remainingAfter()); // 4 kernel weights and the bias
  }

  @Test
  void aCompactModelIsAnOrdinaryModelFile() throws IOException {
    Network net = ObjectiveTest.convNet();
    double[] t = gaussian(net);
    Model pruned = prune(net, t, concat(incoming(net, 0, 2), incoming(net, 3, 1)));
    Model c = compact(pruned).model();
    Path file = dir.resolve("compact.json");
    ModelJson.write(c, file);
    assertEquals(c, ModelJson.read(file));
    assertTrue(c.network().parameterCount() < net.parameterCount());
  }

  @Test
  void nullIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Compaction.compact(null));
    assertEquals("pruned model", e.getMessage());
  }
}
