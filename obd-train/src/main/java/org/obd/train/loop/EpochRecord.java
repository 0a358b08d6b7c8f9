package org.obd.train.loop;

/**
 * The state of training after one epoch, measured on the whole training set (and validation set):
 * a deterministic function of the config and seed (no wall time).
 *
 * @param epoch the epoch, from 1
 * @param steps optimizer steps so far
 * @param trainObjective {@code E} over the training set (the regulariser included)
 * @param gradientNorm {@code ‖∇E‖₂} over the training set, deleted parameters excluded
 * @param validationObjective {@code E} over the validation set; NaN without one
 */
public record EpochRecord(
    int epoch, long steps, double trainObjective, double gradientNorm,
    double validationObjective) {}
