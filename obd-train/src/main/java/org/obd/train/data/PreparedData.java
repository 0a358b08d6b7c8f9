package org.obd.train.data;

import org.obd.core.Dataset;

/**
 * The result of {@link DataPipeline#prepare}: the training, validation and test data sets, with
 * inputs normalised and targets encoded, and what a run records about them. A split of fraction 0
 * is an empty data set (0 samples, the same widths).
 *
 * @param train the samples to train on (never empty)
 * @param validation the samples to select models on (may be empty)
 * @param test the samples held out for the final evaluation (may be empty)
 * @param summary input shape, classes, the normalisation's fit, split sizes and class counts
 */
public record PreparedData(Dataset train, Dataset validation, Dataset test, DataSummary summary) {}
