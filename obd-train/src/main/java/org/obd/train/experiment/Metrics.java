package org.obd.train.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.obd.core.AtomicFiles;
import org.obd.train.loop.StepRecord;

/**
 * The step records of a run as {@code metrics.csv} and {@code metrics.json}: one row (object) per
 * prune step and strategy, the same columns in both, written atomically. Numbers are written so
 * that they read back to the same double; NaN means "does not apply" (e.g. the predicted change of
 * a strategy that predicts none) and is written {@code NaN} in CSV and {@code null} in JSON.
 *
 * <p>In CSV, a string field (the strategy's label, the retraining stop) that holds a comma, a
 * double quote, a carriage return or a line feed is quoted RFC-4180 style: in double quotes, each
 * quote doubled. {@link #read} reads the file back to the same records.
 */
public final class Metrics {

  /** The name of the CSV file in a run directory. */
  public static final String CSV_FILE = "metrics.csv";

  /** The name of the JSON file in a run directory. */
  public static final String JSON_FILE = "metrics.json";

  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "strategy", "step", "retrained", "deleted", "remaining", "fraction_deleted",
          "objective_before", "predicted_delta", "actual_delta", "grad_norm", "negative_h",
          "negative_h_share", "train_objective", "train_accuracy", "validation_objective",
          "validation_accuracy", "test_objective", "test_accuracy", "retrain_stop", "seconds");

  private Metrics() {}

  /** The values of a record, in {@link #COLUMNS} order. */
  static Object[] values(StepRecord r) {
    return new Object[] {
      r.strategy(), r.step(), r.retrained(), r.deleted(), r.remaining(), r.fractionDeleted(),
      r.objectiveBefore(), r.predictedDelta(), r.actualDelta(), r.gradientNorm(),
      r.negativeCurvature(), r.negativeCurvatureShare(), r.trainObjective(), r.trainAccuracy(),
      r.validationObjective(), r.validationAccuracy(), r.testObjective(), r.testAccuracy(),
      r.retrainStop(), r.seconds()
    };
  }

  /**
   * The CSV text: a header and one line per record; strings quoted when they need it (see the
   * class comment).
   */
  public static String csv(List<StepRecord> records) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (StepRecord r : records) {
      Object[] v = values(r);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (v[i] instanceof String s) {
          sb.append(quote(s));
        } else {
          sb.append(v[i]);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code s}, in double quotes with its quotes doubled when it holds {@code , " CR LF}. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0
        && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * Reads a {@code metrics.csv} written by {@link #csv}: the records in file order, every number
   * back to the same double (NaN and infinities included). The header names the columns; they may
   * come in any order and columns not in {@link #COLUMNS} are ignored. Blank lines are skipped.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws IllegalArgumentException naming the file, the line, the column and what was expected,
   *     when the file is not of that format: no header or a column missing from it, a line with
   *     another number of fields than the header, a field that is not a number, an integer or
   *     {@code true}/{@code false} where one is expected, an unterminated quoted field
   */
  public static List<StepRecord> read(Path file) throws IOException {
    List<CsvRows.Row> rows = CsvRows.parse(file, Files.readString(file));
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": line 1: expected the header '" + String.join(",", COLUMNS)
              + "', found an empty file");
    }
    CsvRows.Row header = rows.get(0);
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      at.putIfAbsent(header.fields().get(i).strip(), i);
    }
    int[] index = new int[COLUMNS.size()];
    for (int c = 0; c < index.length; c++) {
      Integer i = at.get(COLUMNS.get(c));
      if (i == null) {
        throw new IllegalArgumentException(
            file + ": line " + header.line() + ": the header has no column '" + COLUMNS.get(c)
                + "' (expected the columns " + String.join(",", COLUMNS) + ")");
      }
      index[c] = i;
    }
    List<StepRecord> records = new ArrayList<>();
    for (CsvRows.Row row : rows.subList(1, rows.size())) {
      if (row.fields().size() != header.fields().size()) {
        throw new IllegalArgumentException(
            file + ": line " + row.line() + ": expected " + header.fields().size()
                + " fields as in the header, found " + row.fields().size());
      }
      Fields f = new Fields(file, row, index);
      records.add(new StepRecord(
          f.string(0), f.bool(2), f.integer(1), f.integer(3), f.integer(4), f.number(5),
          f.number(6), f.number(7), f.number(8), f.number(9), f.integer(10), f.number(11),
          f.number(12), f.number(13), f.number(14), f.number(15), f.number(16), f.number(17),
          f.string(18), f.number(19)));
    }
    return records;
  }

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)");

  /** The fields of one row, by {@link #COLUMNS} position, with located parse errors. */
  private record Fields(Path file, CsvRows.Row row, int[] index) {

    String string(int c) {
      return row.fields().get(index[c]);
    }

    private IllegalArgumentException error(int c, String expected) {
      return new IllegalArgumentException(
          file + ": line " + row.line() + ", column " + COLUMNS.get(c) + ": expected "
              + expected + ", found '" + string(c) + "'");
    }

    double number(int c) {
      String s = string(c).strip();
      // decimal numbers only (parseDouble would also take hex and a trailing d or f)
      if (!DECIMAL.matcher(s).matches()) {
        throw error(c, "a number");
      }
      return Double.parseDouble(s);
    }

    int integer(int c) {
      try {
        return Integer.parseInt(string(c).strip());
      } catch (NumberFormatException e) {
        throw error(c, "an integer");
      }
    }

    boolean bool(int c) {
      return switch (string(c).strip()) {
        case "true" -> true;
        case "false" -> false;
        default -> throw error(c, "true or false");
      };
    }
  }

  /** The JSON text: an array of one object per record. */
  public static String json(List<StepRecord> records) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode a = f.arrayNode();
    for (StepRecord r : records) {
      ObjectNode o = a.addObject();
      Object[] v = values(r);
      for (int i = 0; i < v.length; i++) {
        String k = COLUMNS.get(i);
        if (v[i] instanceof Double d) {
          if (Double.isFinite(d)) {
            o.put(k, d);
          } else {
            o.putNull(k);
          }
        } else if (v[i] instanceof Integer n) {
          o.put(k, n);
        } else if (v[i] instanceof Boolean b) {
          o.put(k, b);
        } else {
          o.put(k, String.valueOf(v[i]));
        }
      }
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a)
        + "\n";
  }

  /**
   * Writes {@value #JSON_FILE} and then {@value #CSV_FILE} into {@code dir}, each atomically: a
   * directory holding {@value #CSV_FILE} holds both.
   */
  public static void write(Path dir, List<StepRecord> records) throws IOException {
    AtomicFiles.writeString(dir.resolve(JSON_FILE), json(records));
    AtomicFiles.writeString(dir.resolve(CSV_FILE), csv(records));
  }
}
