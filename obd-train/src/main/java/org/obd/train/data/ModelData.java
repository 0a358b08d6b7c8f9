package org.obd.train.data;

import java.io.IOException;
import java.nio.file.Path;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;

/**
 * A model file and a CSV data set read for it, checked against each other: what {@code obd
 * curvature} and {@code obd score} evaluate, available to Java callers in one call.
 *
 * <p>Each CSV row holds the network's input values, then either one class label {@code 0..C-1}
 * where {@code C} is the number of the network's outputs (read as one-hot targets), or {@code K}
 * real target values, where {@code K} must equal the number of outputs:
 *
 * <pre>{@code
 * ModelData md = ModelData.read(Path.of("m.json"), Path.of("d.csv"), null);  // class labels
 * ModelData mv = ModelData.read(Path.of("m.json"), Path.of("v.csv"), 2);     // 2 target values
 * }</pre>
 *
 * <p>Errors are {@link IllegalArgumentException}s naming the file and what does not fit, e.g.
 * {@code d.csv: rows have 3 input values before the class label, but the model expects 4 inputs
 * [4]}; files that cannot be read give the {@link IOException} of the file system.
 *
 * @param model the model read from its file
 * @param data the samples, with targets as the network's outputs expect them
 */
public record ModelData(Model model, Dataset data) {

  /** Checks that the data fit the model's network. */
  public ModelData {
    data.checkFits(model.network());
  }

  /**
   * Reads a model file ({@link ModelJson#read}) and a CSV data set for its network.
   *
   * @param targetValues null when rows end with a class label; else the number of real target
   *     values each row ends with, which must be the number of the network's outputs
   * @throws IOException if either file cannot be read
   * @throws IllegalArgumentException if a file is not valid, or the data do not fit the model
   */
  public static ModelData read(Path modelFile, Path csvFile, Integer targetValues)
      throws IOException {
    Model m = ModelJson.read(modelFile);
    return new ModelData(m, readCsv(csvFile, m.network(), layout(m.network(), targetValues)));
  }

  /**
   * The row layout of CSV data for {@code network}: one class label over its outputs, or {@code
   * targetValues} real values.
   *
   * @param targetValues null for a class label; else at least 1
   * @throws IllegalArgumentException if {@code targetValues} is not the number of outputs, e.g.
   *     {@code 3 target values per row do not fit the model, which has 2 outputs}
   */
  public static CsvTargets layout(Network network, Integer targetValues) {
    int outputs = network.outputShape().size();
    if (targetValues == null) {
      return CsvTargets.classLabel(outputs);
    }
    if (targetValues != outputs) {
      throw new IllegalArgumentException(
          targetValues + " target value" + (targetValues == 1 ? "" : "s")
              + " per row do not fit the model, which has " + outputs + " output"
              + (outputs == 1 ? "" : "s"));
    }
    return CsvTargets.values(targetValues);
  }

  /**
   * Reads CSV (or gzip-compressed CSV) data for {@code network} with the given row layout (see
   * {@link #layout}) and checks that each row holds as many input values as the network reads.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the content is invalid ({@link CsvData}'s messages) or the
   *     rows have the wrong number of input values, naming the file, both numbers and the input
   *     shape
   */
  public static Dataset readCsv(Path file, Network network, CsvTargets layout)
      throws IOException {
    if (layout.count() != network.outputShape().size()) {
      throw new IllegalArgumentException(
          file + ": " + (layout.kind() == CsvTargets.Kind.CLASS_LABEL
              ? layout.count() + " classes"
              : layout.count() + " target values")
              + " do not fit the model, which has " + network.outputShape().size() + " outputs");
    }
    Dataset data = CsvData.read(file, layout);
    int inputs = network.inputShape().size();
    if (data.inputSize() != inputs) {
      throw new IllegalArgumentException(
          file + ": rows have " + data.inputSize() + " input values before the "
              + (layout.kind() == CsvTargets.Kind.CLASS_LABEL
                  ? "class label"
                  : layout.count() + " target values")
              + ", but the model expects " + inputs + " inputs " + network.inputShape());
    }
    return data;
  }
}
