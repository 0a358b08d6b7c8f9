package org.obd.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;
import org.obd.train.data.CsvData;
import org.obd.train.data.CsvTargets;

/**
 * Loading what commands read — model files and CSV data — with errors that name the file and
 * what does not fit. Content errors keep the loaders' messages (file, line, field, value).
 */
final class Inputs {

  private Inputs() {}

  /** Reads a model file. */
  static Model model(Path file) {
    try {
      return ModelJson.read(file);
    } catch (IOException e) {
      throw Errors.unreadable("model file", file, e);
    }
  }

  /**
   * Reads a CSV data set for {@code network}: rows of its input values, then one class label
   * (one-hot over the network's outputs) or, when {@code targets} is given, that many real target
   * values, which must equal the network's outputs.
   */
  static Dataset data(Path file, Network network, Integer targets) {
    int outputs = network.outputShape().size();
    if (targets != null && targets != outputs) {
      throw Errors.badInput(
          "--targets " + targets + " does not fit the model, which has " + outputs + " outputs");
    }
    CsvTargets layout =
        targets == null ? CsvTargets.classLabel(outputs) : CsvTargets.values(targets);
    Dataset data;
    try {
      data = CsvData.read(file, layout);
    } catch (IOException e) {
      throw Errors.unreadable("data file", file, e);
    }
    int inputs = network.inputShape().size();
    if (data.inputSize() != inputs) {
      throw Errors.badInput(
          file + ": rows have " + data.inputSize() + " input values before the "
              + (targets == null ? "class label" : targets + " target values")
              + ", but the model expects " + inputs + " inputs " + network.inputShape());
    }
    return data;
  }
}
