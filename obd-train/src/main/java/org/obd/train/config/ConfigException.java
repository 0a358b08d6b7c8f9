package org.obd.train.config;

/**
 * A configuration error: one message naming where (file, line and column, or the command-line
 * override), which key, and what is wrong, e.g.
 *
 * <pre>
 * experiment.yaml line 7, column 11: training.epochs: expected an integer, found 'ten'
 * --set training.epochs=ten: training.epochs: expected an integer, found 'ten'
 * </pre>
 *
 * <p>Records validate their own values in their compact constructors and throw {@link
 * #invalid(String, String)} or {@link #missing(String)} with a key relative to the record; {@link
 * YamlConfig} catches these, prefixes the record's own path and adds the position. Thrown outside
 * the loader (a record built in code) the message is just {@code key: problem}.
 *
 * <p>Keys are dotted paths of kebab-case keys with list indices in brackets, {@code
 * pruning.strategies[1].name}; the empty key is the top level.
 */
public final class ConfigException extends IllegalArgumentException {

  private final String source;
  private final int line;
  private final int column;
  private final String key;
  private final String problem;
  private final String missingKey;

  ConfigException(
      String source, int line, int column, String key, String problem, String missingKey,
      Throwable cause) {
    super(message(source, line, column, key, problem), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.key = key;
    this.problem = problem;
    this.missingKey = missingKey;
  }

  ConfigException(Position at, String key, String problem) {
    this(at, key, problem, null, null);
  }

  ConfigException(
      Position at, String key, String problem, String missingKey, Throwable cause) {
    this(at.source(), at.line(), at.column(), key, problem, missingKey, cause);
  }

  /**
   * A value that breaks a record's rule, thrown from its compact constructor.
   *
   * @param key the component's kebab-case key relative to the record (e.g. {@code fraction}), or
   *     a dotted path below it; empty for the record as a whole
   * @param problem what is wrong, naming the value found, e.g. {@code must be in (0, 1], found
   *     1.5}
   */
  public static ConfigException invalid(String key, String problem) {
    return new ConfigException(null, 0, 0, key, problem, null, null);
  }

  /**
   * A required key that is absent (or written with no value), thrown from a compact constructor;
   * see {@link Check#required}. The loader reports it at the record's own key, as {@code model:
   * missing required key 'layers'}.
   *
   * @param key the missing component's kebab-case key relative to the record
   */
  public static ConfigException missing(String key) {
    return new ConfigException(
        null, 0, 0, "", "missing required key '" + key + "'", key, null);
  }

  /**
   * The dotted key the message names before the problem (for an unknown, duplicate or missing key
   * that is the enclosing mapping's key); empty for the top level.
   */
  public String key() {
    return key;
  }

  /**
   * Where the error is: the file name as given to the loader, {@code --set key=value} for an
   * override, or null for an exception not (yet) located by the loader.
   */
  public String source() {
    return source;
  }

  /** The 1-based line in {@link #source()}; 0 when there is none (overrides, missing files). */
  public int line() {
    return line;
  }

  /** The 1-based column (in characters) in {@link #source()}; 0 when there is no line. */
  public int column() {
    return column;
  }

  /** The message without source, position and key, e.g. {@code expected an integer, found 'ten'}. */
  public String problem() {
    return problem;
  }

  /** For {@link #missing}: the missing key relative to the record that threw; otherwise null. */
  String missingKey() {
    return missingKey;
  }

  private static String message(
      String source, int line, int column, String key, String problem) {
    StringBuilder b = new StringBuilder();
    if (source != null) {
      b.append(source);
      if (line > 0) {
        b.append(" line ").append(line).append(", column ").append(column);
      }
      b.append(": ");
    }
    if (key != null && !key.isEmpty()) {
      b.append(key).append(": ");
    }
    return b.append(problem).toString();
  }
}
