/**
 * The obd test kit, published for plug-in authors: {@link org.obd.testkit.Tolerances} (the one
 * place numeric comparisons live), {@link org.obd.testkit.FiniteDifferences} (central-difference
 * estimates and checkers of gradients, Hessian-vector products and Hessian diagonals),
 * {@link org.obd.testkit.ObdArbitraries} (jqwik generators of networks, parameters, masks, data
 * sets and {@link org.obd.testkit.Problem}s) and {@link org.obd.testkit.TinyData} (XOR, parity,
 * spirals).
 */
package org.obd.testkit;
