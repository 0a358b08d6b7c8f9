package org.obd.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;
import org.obd.train.data.CsvTargets;
import org.obd.train.data.ModelData;

/**
 * The commands' calls of the library's loaders ({@link ModelJson}, {@link ModelData}) with their
 * errors told as the command line tells them: a file that cannot be read names its role ({@code
 * model file}, {@code data file}), {@code --targets} that does not fit the model is an option
 * error; content errors keep the loaders' messages (file, line, field, value).
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
   * Reads a CSV data set for {@code network} ({@link ModelData#readCsv}): rows of its input
   * values, then one class label (one-hot over the network's outputs) or, when {@code targets} is
   * given, that many real target values, which must equal the network's outputs.
   */
  static Dataset data(Path file, Network network, Integer targets) {
    CsvTargets layout;
    try {
      layout = ModelData.layout(network, targets);
    } catch (IllegalArgumentException e) {
      throw Errors.badInput("--targets: " + e.getMessage());
    }
    try {
      return ModelData.readCsv(file, network, layout);
    } catch (IOException e) {
      throw Errors.unreadable("data file", file, e);
    }
  }
}
