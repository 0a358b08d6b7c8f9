/**
 * Optimizers: the SPI ({@link org.obd.train.optim.Optimizer}, {@link
 * org.obd.train.optim.StepObjective}, {@link org.obd.train.optim.OptimizerState}) and the
 * built-ins {@code sgd}, {@code sdlm}, {@code adam} and {@code lbfgs}, each declared by a {@link
 * org.obd.core.Descriptor} ({@link org.obd.train.optim.Optimizers#BUILTINS}).
 */
package org.obd.train.optim;
