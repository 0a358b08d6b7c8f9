/**
 * Benchmark fixtures: the built-in networks of {@code obd bench --network}, with seeded weights
 * and data ({@link org.obd.train.bench.BenchNetworks}).
 */
package org.obd.train.bench;
