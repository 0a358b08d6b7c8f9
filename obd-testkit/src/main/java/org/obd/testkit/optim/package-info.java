/**
 * The optimizer contract for plug-in authors: {@link org.obd.testkit.optim.OptimizerContract}
 * (extend it with your optimizer's declaration), the checks it is made of ({@link
 * org.obd.testkit.optim.OptimizerChecks}), the convex {@link
 * org.obd.testkit.optim.QuadraticProblem} they run on and the jqwik {@link
 * org.obd.testkit.optim.Schedule}s of steps and deletions.
 */
package org.obd.testkit.optim;
