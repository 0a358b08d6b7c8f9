package org.obd.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A generated problem with two directions over its parameters, for Hessian-vector products.
 * Directions are standard Gaussian in every entry, deleted ones included (products must ignore
 * those).
 *
 * @param problem the problem
 * @param u a direction
 * @param v another direction
 */
record Directed(Problem problem, double[] u, double[] v) {

  /** Problems from {@link ObdArbitraries#problems()}, each with two directions. */
  static Arbitrary<Directed> arbitrary() {
    return ObdArbitraries.problems()
        .flatMap(
            p ->
                Combinators.combine(
                        ObdArbitraries.directions(p.network()),
                        ObdArbitraries.directions(p.network()))
                    .as((u, v) -> new Directed(p, u, v)));
  }
}
