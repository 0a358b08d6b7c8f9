package org.obd.train.config;

/**
 * A config bound to its record, with where each of its keys was written.
 *
 * @param value the bound, validated record, every default filled in
 * @param locations the positions of its keys, for errors found after binding
 * @param <R> the record type
 */
public record Loaded<R extends Record>(R value, ConfigLocations locations) {}
