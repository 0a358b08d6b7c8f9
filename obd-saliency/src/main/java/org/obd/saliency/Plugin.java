package org.obd.saliency;

import com.google.inject.Module;

/**
 * A Guice module that contributes saliency strategies, Hessian-diagonal methods or optimizers and
 * is found on the class path through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.obd.saliency.Plugin}. In its {@code configure()} it registers each
 * declaration with one line ({@link SaliencyBinder}, {@link CurvatureBinder}, obd-train's {@code
 * OptimizerBinder}).
 *
 * <p>A dedicated service type (rather than {@code ServiceLoader<com.google.inject.Module>}) means
 * only modules written for obd are installed automatically, never a Guice module some other
 * library on the class path happens to publish. Modules named in a config's {@code plugins:} list
 * need not implement this interface: any {@link Module} with a public no-argument constructor
 * works there.
 */
public interface Plugin extends Module {}
