package org.obd.core;

/** {@code exact}: the exact Hessian diagonal. */
final class ExactDiagonal implements HessianDiagonal {

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public String summary() {
    return Diagonals.summary(name());
  }

  @Override
  public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
    return objective.hessianDiagonalByProducts(theta, mask, data);
  }
}
