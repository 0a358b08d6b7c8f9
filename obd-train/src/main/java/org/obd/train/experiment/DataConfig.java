package org.obd.train.experiment;

import org.obd.train.config.Check;
import org.obd.train.config.ConfigException;
import org.obd.train.config.Doc;
import org.obd.train.data.Normalisation;
import org.obd.train.data.SplitFractions;
import org.obd.train.data.TargetEncoding;

/**
 * The {@code data:} block of an experiment: the source of the samples, the seeded stratified
 * split into training, validation and test sets, the input normalisation (fitted on the training
 * set only) and the target encoding. Image sources ({@code digits}, {@code idx}) give grey levels
 * scaled to [0, 1].
 *
 * @param source {@code digits} (bundled), {@code csv} or {@code idx}
 * @param path the CSV file ({@code csv})
 * @param images the IDX images file ({@code idx})
 * @param labels the IDX labels file ({@code idx})
 * @param classes number of classes of the labels ({@code csv} with a label column, {@code idx})
 * @param targetValues a CSV row ends with this many real target values instead of a label
 * @param limit use only the first this many samples of the source (before splitting); null: all
 * @param split the fractions of the training, validation and test sets
 * @param normalisation input normalisation, fitted on the training set
 * @param targets how class labels become targets
 */
public record DataConfig(
    @Doc("`digits` (bundled), `csv` or `idx`") DataSource source,
    @Doc("the CSV file (`csv`); a relative path is from the working directory") String path,
    @Doc("the IDX images file (`idx`), plain or gzip") String images,
    @Doc("the IDX labels file (`idx`), plain or gzip") String labels,
    @Doc("number of classes (`csv` with a label column; `idx`: 10 when unset)") Integer classes,
    @Doc("`csv` rows end with this many real target values instead of a class label")
        Integer targetValues,
    @Doc("use only the first this many samples of the source; unset: all") Integer limit,
    @Doc("fractions of the `train`, `validation` and `test` sets (stratified by class, seeded)")
        SplitFractions split,
    @Doc("input normalisation fitted on the training set: `none`, `standard`, `min-max`")
        Normalisation normalisation,
    @Doc("class targets: `one-hot`, `plus-minus-one` (±1, for mse on scaled-tanh outputs), or"
            + " `values` (real targets of a csv)")
        TargetEncoding targets) {

  /** Default split: 60% training, 20% validation, 20% test. */
  public static final SplitFractions DEFAULT_SPLIT = new SplitFractions(0.6, 0.2, 0.2);

  /** Fills defaults and checks that the keys fit the source, naming them. */
  public DataConfig {
    source = source == null ? DataSource.DIGITS : source;
    split = split == null ? DEFAULT_SPLIT : split;
    normalisation = normalisation == null ? Normalisation.NONE : normalisation;
    Check.positive("classes", classes);
    Check.positive("target-values", targetValues);
    Check.positive("limit", limit);
    switch (source) {
      case DIGITS -> {
        notFor("path", path, source);
        notFor("images", images, source);
        notFor("labels", labels, source);
        notFor("classes", classes, source);
        notFor("target-values", targetValues, source);
      }
      case CSV -> {
        Check.required("path", path);
        notFor("images", images, source);
        notFor("labels", labels, source);
        if ((classes == null) == (targetValues == null)) {
          throw ConfigException.invalid(
              classes == null ? "classes" : "target-values",
              "a csv source needs exactly one of classes (rows end with a class label) and"
                  + " target-values (rows end with real targets)");
        }
      }
      case IDX -> {
        Check.required("images", images);
        Check.required("labels", labels);
        notFor("path", path, source);
        notFor("target-values", targetValues, source);
      }
    }
    boolean regression = targetValues != null;
    targets =
        targets == null ? (regression ? TargetEncoding.VALUES : TargetEncoding.ONE_HOT) : targets;
    if (regression != (targets == TargetEncoding.VALUES)) {
      throw ConfigException.invalid(
          "targets",
          regression
              ? "rows end with real target values, so targets must be values, found " + targets
              : "the samples have class labels; targets must be one-hot or plus-minus-one, found "
                  + targets);
    }
  }

  private static void notFor(String key, Object value, DataSource source) {
    if (value != null) {
      throw ConfigException.invalid(key, "does not apply to source " + source);
    }
  }

  /** The defaults: the bundled digits. */
  public static DataConfig defaults() {
    return new DataConfig(null, null, null, null, null, null, null, null, null, null);
  }
}
