package org.obd.train.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows of fields, RFC-4180 style: fields separated by commas, rows by LF or
 * CR LF; a field that starts with a double quote ends at the next lone one and may hold commas,
 * line breaks and doubled quotes ({@code ""} for one). A quote inside an unquoted field is kept as
 * it is. Blank lines are skipped. Fields are returned as written, without trimming.
 */
final class CsvRows {

  /**
   * One row.
   *
   * @param line the 1-based line of the file the row starts on
   * @param fields its fields, unquoted
   */
  record Row(int line, List<String> fields) {}

  private CsvRows() {}

  /**
   * The rows of {@code text}, read from {@code file} (named in errors).
   *
   * @throws IllegalArgumentException naming the file and line of a quoted field that does not end,
   *     or of a closing quote followed by something other than a comma or the end of the line
   */
  static List<Row> parse(Path file, String text) {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false; // the current row has a quoted field (so it is not blank)
    int line = 1;
    int rowLine = 1;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0 && (i == 0 || text.charAt(i - 1) == ','
          || text.charAt(i - 1) == '\n')) {
        int start = line;
        quoted = true;
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException(
                file + ": line " + start + ": a quoted field does not end (no closing '\"')");
          }
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < n && text.charAt(i) == '"') {
              field.append('"');
              i++;
              continue;
            }
            break;
          }
          if (q == '\n') {
            line++;
          }
          field.append(q);
        }
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n'
            && !text.startsWith("\r\n", i)) {
          throw new IllegalArgumentException(
              file + ": line " + line + ": expected a comma or the end of the line after a quoted"
                  + " field, found '" + text.charAt(i) + "'");
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\n' || text.startsWith("\r\n", i)) {
        endRow(rows, fields, field, quoted, rowLine);
        quoted = false;
        i += c == '\n' ? 1 : 2;
        line++;
        rowLine = line;
      } else {
        field.append(c);
        i++;
      }
    }
    endRow(rows, fields, field, quoted, rowLine);
    return rows;
  }

  /** Adds the row of {@code fields} and {@code field} unless it is a blank line; clears both. */
  private static void endRow(
      List<Row> rows, List<String> fields, StringBuilder field, boolean quoted, int line) {
    if (quoted || !fields.isEmpty() || !field.toString().isBlank()) {
      fields.add(field.toString());
      rows.add(new Row(line, List.copyOf(fields)));
    }
    fields.clear();
    field.setLength(0);
  }
}
