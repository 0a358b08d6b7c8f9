package org.obd.train.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.obd.core.AtomicFiles;
import org.obd.core.Model;
import org.obd.core.ParameterBlock;

/**
 * The saliencies of a run's first prune step, per strategy: {@code saliencies.csv} in the run
 * directory, with the columns {@code strategy, block, index, saliency}, one row per parameter the
 * strategy scored (the parameters not yet deleted; biases too, whether or not they may be
 * deleted). Every strategy scores the same trained network at its first step, so this is the file
 * to compare their saliency distributions per layer from. Numbers read back to the same double.
 */
public final class Saliencies {

  /** The file's name in a run directory. */
  public static final String FILE = "saliencies.csv";

  /** The columns, in order. */
  public static final List<String> COLUMNS = List.of("strategy", "block", "index", "saliency");

  /**
   * One scored parameter.
   *
   * @param strategy the strategy's label (as in {@code metrics.csv})
   * @param block the parameter block's name, e.g. {@code layer0.weight}
   * @param index the parameter's index in the flat parameter vector
   * @param saliency its score (the strategy's units; OBD: the predicted rise of the objective)
   */
  public record Row(String strategy, String block, int index, double saliency) {}

  private Saliencies() {}

  /** The rows of {@code scores} (indexed like the parameters) for the parameters left in model. */
  public static List<Row> rows(String strategy, Model model, double[] scores) {
    List<Row> rows = new ArrayList<>();
    for (ParameterBlock b : model.network().blocks()) {
      for (int k = b.offset(); k < b.end(); k++) {
        if (!model.mask().isDeleted(k)) {
          rows.add(new Row(strategy, b.name(), k, scores[k]));
        }
      }
    }
    return rows;
  }

  /** The CSV text: a header and one line per row. */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Row r : rows) {
      sb.append(Metrics.quote(r.strategy())).append(',').append(r.block()).append(',')
          .append(r.index()).append(',').append(r.saliency()).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #FILE} into {@code dir}, atomically. */
  public static void write(Path dir, List<Row> rows) throws IOException {
    AtomicFiles.writeString(dir.resolve(FILE), csv(rows));
  }

  /**
   * Reads a saliencies file.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws IllegalArgumentException naming the file, line and what was expected when it does not
   *     have the format written by {@link #write}
   */
  public static List<Row> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String header = String.join(",", COLUMNS);
    if (lines.isEmpty() || !lines.get(0).strip().equals(header)) {
      throw new IllegalArgumentException(
          file + ": line 1: expected the header '" + header + "'");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      // the strategy label may hold commas (then it is quoted): the last three fields are fixed
      int c3 = line.lastIndexOf(',');
      int c2 = c3 < 0 ? -1 : line.lastIndexOf(',', c3 - 1);
      int c1 = c2 < 0 ? -1 : line.lastIndexOf(',', c2 - 1);
      if (c1 <= 0) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + ": expected 4 fields (" + header + ")");
      }
      try {
        rows.add(new Row(unquote(line.substring(0, c1)), line.substring(c1 + 1, c2),
            Integer.parseInt(line.substring(c2 + 1, c3).strip()),
            Double.parseDouble(line.substring(c3 + 1).strip())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + ": expected an integer index and a number, found '"
                + line.substring(c2 + 1) + "'");
      }
    }
    return rows;
  }

  /** A field as {@link Metrics#quote} wrote it, unquoted. */
  private static String unquote(String field) {
    if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
      return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }
    return field;
  }
}
