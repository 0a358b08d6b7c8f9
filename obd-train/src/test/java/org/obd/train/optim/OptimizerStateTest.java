package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/** {@link OptimizerState}: copies, equality by content, and errors naming what was expected. */
class OptimizerStateTest {

  @Test
  void copiesOnTheWayInAndOut() {
    double[] v = {1, 2};
    Map<String, double[]> vectors = new HashMap<>(Map.of("v", v));
    OptimizerState s = new OptimizerState("sgd", vectors, Map.of("t", 3.0));
    v[0] = 9;
    vectors.put("w", new double[2]);
    assertEquals(1.0, s.vectors().get("v")[0], "the array was copied");
    assertEquals(List.of("v"), List.copyOf(s.vectors().keySet()), "the map was copied");
    s.vectors().get("v")[1] = 9;
    assertEquals(2.0, s.vectors().get("v")[1], "the accessor returns copies");
    assertThrows(UnsupportedOperationException.class, () -> s.scalars().put("x", 1.0));
  }

  @Test
  void equalityComparesArraysByContentBitForBit() {
    OptimizerState a = new OptimizerState("adam", Map.of("m", new double[] {1, 0.0}), Map.of());
    OptimizerState b = new OptimizerState("adam", Map.of("m", new double[] {1, 0.0}), Map.of());
    OptimizerState c = new OptimizerState("adam", Map.of("m", new double[] {1, -0.0}), Map.of());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
    assertNotEquals(a, new OptimizerState("sgd", Map.of("m", new double[] {1, 0.0}), Map.of()));
    assertNotEquals(a, new OptimizerState("adam", Map.of("m", new double[] {1, 0.0}),
        Map.of("t", 0.0)));
  }

  @Test
  void restoreErrorsNameWhatWasExpected() {
    Optimizer adam = Adam.DESCRIPTOR.create(Map.of());
    adam.initialise(3);
    Optimizer sgd = Sgd.DESCRIPTOR.create(Map.of());
    sgd.initialise(3);
    Optimizer sgd4 = Sgd.DESCRIPTOR.create(Map.of());
    sgd4.initialise(4);
    assertEquals(
        "cannot restore a state of optimizer 'adam' into optimizer 'sgd'; expected a state of"
            + " 'sgd'",
        assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state()))
            .getMessage());
    assertEquals(
        "optimizer 'sgd' state: vector 'velocity' has 3 entries, expected 4 (one per parameter)",
        assertThrows(IllegalArgumentException.class, () -> sgd4.restore(sgd.state()))
            .getMessage());
    assertEquals(
        "optimizer 'adam' state: missing vector 'second-moment'; expected vectors"
            + " [first-moment, second-moment]",
        assertThrows(
                IllegalArgumentException.class,
                () -> adam.restore(new OptimizerState(
                    "adam", Map.of("first-moment", new double[3]), Map.of("steps", 0.0))))
            .getMessage());
    assertEquals(
        "optimizer 'adam' state: missing scalar 'steps'; expected scalars [steps]",
        assertThrows(
                IllegalArgumentException.class,
                () -> adam.restore(new OptimizerState("adam",
                    Map.of("first-moment", new double[3], "second-moment", new double[3]),
                    Map.of())))
            .getMessage());
    assertEquals(
        "optimizer 'sgd' state: unexpected vector 'momentum'; expected vectors [velocity]",
        assertThrows(
                IllegalArgumentException.class,
                () -> sgd.restore(new OptimizerState("sgd",
                    Map.of("velocity", new double[3], "momentum", new double[3]), Map.of())))
            .getMessage());
    Optimizer lbfgs = Lbfgs.DESCRIPTOR.create(Map.of("memory", 2));
    lbfgs.initialise(3);
    OptimizerState st = lbfgs.state();
    Map<String, Double> scalars = new HashMap<>(st.scalars());
    scalars.put("pairs", 3.0);
    assertEquals(
        "optimizer 'lbfgs' state: scalar 'pairs' (stored pairs, at most option 'memory') must be"
            + " an integer in 0..2, found 3.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> lbfgs.restore(new OptimizerState("lbfgs", st.vectors(), scalars)))
            .getMessage());
    scalars.put("pairs", 1.0);
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () -> lbfgs.restore(new OptimizerState("lbfgs", st.vectors(), scalars)))
            .getMessage();
    assertTrue(m.startsWith("optimizer 'lbfgs' state: missing vector 's0'"), m);
  }

  @Test
  void aFailedRestoreChangesNothing() {
    Optimizer adam = Adam.DESCRIPTOR.create(Map.of());
    adam.initialise(2);
    adam.step(new double[] {1, 1}, Mask.none(2), SgdTest.bowl());
    OptimizerState before = adam.state();
    assertThrows(
        IllegalArgumentException.class,
        () -> adam.restore(new OptimizerState("adam",
            Map.of("first-moment", new double[2], "second-moment", new double[3]),
            Map.of("steps", 0.0))));
    assertEquals(before, adam.state());
  }

  @Test
  void builtinsAreTheFourInOrderAndBuildByName() {
    assertEquals(
        List.of("sgd", "sdlm", "adam", "lbfgs"),
        Optimizers.BUILTINS.stream().map(d -> d.name()).toList());
    Optimizer o = Optimizers.registry().create("lbfgs", Map.of("memory", 3));
    assertTrue(o instanceof Lbfgs && o.fullBatch());
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () -> Optimizers.registry().create("sgd", Map.of("learning_rate", 1)))
            .getMessage();
    assertEquals(
        "optimizer 'sgd': unknown option 'learning_rate'; valid options: learning-rate,"
            + " momentum, nesterov",
        m);
  }

  @Test
  void stepBeforeInitialiseAndMismatchedLengthsAreErrors() {
    for (var d : Optimizers.BUILTINS) {
      Optimizer o = d.create(Map.of());
      assertThrows(
          IllegalStateException.class,
          () -> o.step(new double[2], Mask.none(2), SgdTest.bowl()), d.name());
      o.initialise(3);
      String m =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> o.step(new double[2], Mask.none(2), SgdTest.bowl()), d.name())
              .getMessage();
      assertTrue(m.startsWith(d.name() + ": initialised for 3 parameters, but theta has 2"), m);
    }
  }
}
