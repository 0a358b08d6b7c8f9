package org.obd.train.data;

import org.obd.core.Shape;

/**
 * What a run records about how its data were prepared by {@link DataPipeline#prepare}: enough to
 * reproduce the three splits from the same raw data and to normalise new inputs as the training
 * inputs were.
 *
 * @param source the raw data's source, e.g. a file name
 * @param inputShape the shape of one input sample
 * @param classes number of classes; 0 for real targets
 * @param targetSize values per target row (the classes, or the real target values per sample)
 * @param seed the seed of the split
 * @param fractions the requested train/validation/test fractions
 * @param targets the {@link TargetEncoding#configName() config name} of the target encoding
 * @param normalisation the normalisation fitted on the training split
 * @param train the training split's size and class counts
 * @param validation the validation split's size and class counts
 * @param test the test split's size and class counts
 */
public record DataSummary(
    String source,
    Shape inputShape,
    int classes,
    int targetSize,
    long seed,
    SplitFractions fractions,
    String targets,
    NormalisationFit normalisation,
    SplitSummary train,
    SplitSummary validation,
    SplitSummary test) {}
