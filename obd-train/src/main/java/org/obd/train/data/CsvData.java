package org.obd.train.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Dataset;
import org.obd.core.Echo;
import org.obd.core.Shape;

/**
 * Loads a {@link Dataset} from a CSV file: one sample per row, comma-separated, the input values
 * first, then the targets as {@link CsvTargets} says — one integer class index (targets become
 * one-hot over the given number of classes) or a given number of real target values. {@link
 * #readRaw(Path, CsvTargets)} reads the same file as a {@link RawData} (flat input shape, the class
 * labels or target values as they are) for the {@link DataPipeline}.
 *
 * <ul>
 *   <li>Blank lines are ignored; whitespace around values is ignored; UTF-8 text.
 *   <li>There is no header, except that a first row in which no field is a number (e.g. {@code
 *       x1,x2,label}) is skipped as one; it must have as many columns as the data rows.
 *   <li>Numbers are decimal ({@code 3}, {@code -0.25}, {@code 1e-3}); {@code NaN} and infinities are
 *       errors. Class labels are integers ({@code 3}, not {@code 3.0}).
 *   <li>Gzip-compressed files ({@code .csv.gz}) are recognised by their content and read
 *       transparently.
 * </ul>
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message names the file, line, column and
 * value, e.g. {@code data.csv line 7, column 3: value 'abc' is not a number}; a file that cannot be
 * opened gives the {@link IOException} of {@link Files#newInputStream}.
 */
public final class CsvData {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NON_FINITE =
      Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private CsvData() {}

  /**
   * Reads a CSV (or gzip-compressed CSV) file.
   *
   * @throws IOException if the file cannot be opened or read
   * @throws IllegalArgumentException if the content is not a valid data set, naming file, line,
   *     column and value
   */
  public static Dataset read(Path file, CsvTargets targets) throws IOException {
    return toDataset(readRaw(file, targets));
  }

  /**
   * Reads CSV (or gzip-compressed CSV) data from a stream, which is closed afterwards.
   *
   * @param source what error messages call the data, e.g. a file or resource name
   * @throws IOException if the stream cannot be read
   * @throws IllegalArgumentException if the content is not a valid data set
   */
  public static Dataset read(InputStream in, String source, CsvTargets targets)
      throws IOException {
    return toDataset(readRaw(in, source, targets));
  }

  /**
   * Reads a CSV (or gzip-compressed CSV) file as a not-yet-split data set: input shape {@code [D]}
   * (flat), inputs as in the file, and either the class labels or the real target values as
   * {@code targets} says. The source is {@code file.toString()}.
   *
   * @throws IOException if the file cannot be opened or read
   * @throws IllegalArgumentException if the content is not a valid data set, naming file, line,
   *     column and value
   */
  public static RawData readRaw(Path file, CsvTargets targets) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readRaw(in, file.toString(), targets);
    }
  }

  /**
   * Reads CSV (or gzip-compressed CSV) data from a stream, which is closed afterwards, as a
   * not-yet-split data set; see {@link #readRaw(Path, CsvTargets)}.
   *
   * @param source what error messages and the result call the data, e.g. a file or resource name
   * @throws IOException if the stream cannot be read
   * @throws IllegalArgumentException if the content is not a valid data set
   */
  public static RawData readRaw(InputStream in, String source, CsvTargets targets)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered,
                StandardCharsets.UTF_8))) {
      return new Parser(source, targets).parse(r);
    } catch (ZipException | EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw Gzip.corrupt(source, e);
    }
  }

  /** Class labels become one-hot targets; real target values are kept. */
  static Dataset toDataset(RawData raw) {
    return new Dataset(
        raw.inputsView(),
        raw.hasLabels()
            ? TargetEncoding.ONE_HOT.encodeAll(raw)
            : raw.valuesView());
  }

  /** The row-by-row reader; one instance per file. */
  private static final class Parser {
    private final String source;
    private final CsvTargets targets;
    private int columns = -1;
    private int columnsLine;
    private boolean header;
    private int rows;
    private double[] x = new double[1024];
    private double[] y = new double[256];
    private int[] labels = new int[256];
    private int xn;
    private int yn;

    Parser(String source, CsvTargets targets) {
      this.source = source;
      this.targets = targets;
    }

    RawData parse(BufferedReader r) throws IOException {
      int lineNo = 0;
      boolean first = true;
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        for (int c = 0; c < fields.length; c++) {
          fields[c] = fields[c].strip();
        }
        if (first) {
          first = false;
          header = isHeader(fields);
          columns = fields.length;
          columnsLine = lineNo;
          int least = targets.columns() + 1;
          if (columns < least) {
            throw new IllegalArgumentException(
                source + " line " + lineNo + ": " + columns + " column" + (columns == 1 ? "" : "s")
                    + ", expected at least " + least + " (input values, then "
                    + (targets.kind() == CsvTargets.Kind.CLASS_LABEL
                        ? "a class label)"
                        : targets.count() + " target values)"));
          }
          if (header) {
            continue;
          }
        }
        if (fields.length != columns) {
          throw new IllegalArgumentException(
              source + " line " + lineNo + ": " + fields.length + " columns, expected " + columns
                  + (header ? " as in the header" : " as") + " on line " + columnsLine);
        }
        row(fields, lineNo);
      }
      if (rows == 0) {
        throw new IllegalArgumentException(
            source + ": no data rows"
                + (header ? " after the header on line " + columnsLine : " (the file is empty)"));
      }
      int inputs = columns - targets.columns();
      DMatrixRMaj in = DMatrixRMaj.wrap(rows, inputs, Arrays.copyOf(x, xn));
      return targets.kind() == CsvTargets.Kind.VALUES
          ? RawData.regression(
              source, Shape.flat(inputs), in,
              DMatrixRMaj.wrap(rows, targets.count(), Arrays.copyOf(y, yn)))
          : RawData.labelled(
              source, Shape.flat(inputs), in, Arrays.copyOf(labels, rows), targets.count());
    }

    private static boolean isHeader(String[] fields) {
      for (String f : fields) {
        if (NUMBER.matcher(f).matches() || NON_FINITE.matcher(f).matches()) {
          return false;
        }
      }
      return true;
    }

    private void row(String[] fields, int lineNo) {
      int inputs = columns - targets.columns();
      ensure(inputs, targets.kind() == CsvTargets.Kind.VALUES ? targets.count() : 0);
      for (int c = 0; c < inputs; c++) {
        x[xn++] = number(fields[c], lineNo, c);
      }
      if (targets.kind() == CsvTargets.Kind.VALUES) {
        for (int c = inputs; c < columns; c++) {
          y[yn++] = number(fields[c], lineNo, c);
        }
      } else {
        if (rows == labels.length) {
          labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[rows] = label(fields[inputs], lineNo, inputs);
      }
      rows++;
    }

    private void ensure(int xCount, int yCount) {
      if (xn + xCount > x.length) {
        x = Arrays.copyOf(x, Math.max(x.length * 2, xn + xCount));
      }
      if (yn + yCount > y.length) {
        y = Arrays.copyOf(y, Math.max(y.length * 2, yn + yCount));
      }
    }

    private String at(int lineNo, int column) {
      return source + " line " + lineNo + ", column " + (column + 1) + ": ";
    }

    private double number(String f, int lineNo, int column) {
      if (f.isEmpty()) {
        throw new IllegalArgumentException(at(lineNo, column) + "empty value, expected a number");
      }
      if (NUMBER.matcher(f).matches()) {
        double v = Double.parseDouble(f);
        if (Double.isFinite(v)) {
          return v;
        }
      } else if (!NON_FINITE.matcher(f).matches()) {
        throw new IllegalArgumentException(
            at(lineNo, column) + "value " + Echo.quote(f) + " is not a number");
      }
      throw new IllegalArgumentException(
          at(lineNo, column) + "value " + Echo.quote(f) + " is not finite; expected a finite"
              + " number");
    }

    private int label(String f, int lineNo, int column) {
      int k = targets.count();
      if (!INTEGER.matcher(f).matches()) {
        throw new IllegalArgumentException(
            at(lineNo, column) + "label " + Echo.quote(f) + " is not an integer; expected a class"
                + " index in 0.."
                + (k - 1));
      }
      long v;
      try {
        v = Long.parseLong(f);
      } catch (NumberFormatException e) {
        v = Long.MAX_VALUE;
      }
      if (v < 0 || v >= k) {
        throw new IllegalArgumentException(
            at(lineNo, column) + "label " + Echo.abbreviate(f) + " is out of range; expected a class"
                + " index in 0.."
                + (k - 1));
      }
      return (int) v;
    }
  }
}
