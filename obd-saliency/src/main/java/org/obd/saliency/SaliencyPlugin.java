package org.obd.saliency;

import com.google.inject.Module;

/**
 * A Guice module that contributes saliency strategies and is found on the class path through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.obd.saliency.SaliencyPlugin}.
 *
 * <p>A dedicated service type (rather than {@code ServiceLoader<com.google.inject.Module>}) means
 * only modules written for obd are installed automatically, never a Guice module some other
 * library on the class path happens to publish. Modules named in a config's {@code plugins:} list
 * need not implement this interface: any {@link Module} with a public no-argument constructor
 * works there.
 */
public interface SaliencyPlugin extends Module {}
