package org.obd.train.config;

/**
 * Where a key or value was written: a 1-based line and column in a source, or (line 0) a source
 * with no lines, such as a {@code --set key=value} override.
 *
 * @param source the file name as given, or the override's text
 * @param line 1-based line, 0 when there is none
 * @param column 1-based column in characters, 0 when there is no line
 */
record Position(String source, int line, int column) {

  /** {@code experiment.yaml line 12, column 5}, or the source alone when there is no line. */
  String describe() {
    return line > 0 ? source + " line " + line + ", column " + column : source;
  }
}
