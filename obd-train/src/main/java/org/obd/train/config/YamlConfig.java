package org.obd.train.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a YAML config into an immutable, validated record, and writes one back.
 *
 * <pre>{@code
 * Loaded<Experiment> loaded =
 *     YamlConfig.load(Path.of("experiment.yaml"), Experiment.class, List.of("training.epochs=5"));
 * Experiment e = loaded.value();
 * Files.writeString(run.resolve("resolved.yaml"), YamlConfig.write(e));
 * }</pre>
 *
 * <p><b>Binding.</b> Keys are the kebab-case forms of the record components' names ({@code
 * batch-size} for {@code batchSize}); enum values the kebab-case forms of the constants ({@code
 * per-layer} for {@code PER_LAYER}); see {@link Schema} for which YAML values each Java type
 * takes. Unknown keys are errors at every level, and values are never converted behind the
 * user's back: {@code 2.5} or {@code '2'} where an integer is expected, {@code 'ten'} where a
 * number is, a list where a mapping is, are errors. An absent key (or one written with no value)
 * is null to the record's canonical constructor, whose compact form replaces it by the default
 * (use boxed types for optional numbers and booleans; an absent primitive is 0 or false).
 *
 * <p><b>Order of checks.</b> Syntax, then overrides, then unknown keys and value types, and the
 * records' own checks as Jackson constructs them. The problem thrown is the first in the file,
 * except that a nested record's checks run before its parent's (the parent's complaint is only
 * seen when its children have none). It is one {@link ConfigException} naming the file, line,
 * column, key, value found and what was expected.
 */
public final class YamlConfig {

  private YamlConfig() {}

  /** {@link #load(Path, Class, List)} without overrides. */
  public static <R extends Record> Loaded<R> load(Path file, Class<R> type) {
    return load(file, type, List.of());
  }

  /**
   * Reads a UTF-8 YAML file; messages name it as {@code file.toString()}.
   *
   * @param overrides {@code key.path=value} strings applied before binding, see {@link Overrides}
   * @throws ConfigException for anything wrong, including a file that cannot be read (line 0)
   */
  public static <R extends Record> Loaded<R> load(
      Path file, Class<R> type, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "no such file", null, e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "permission denied", null, e);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file.toString(), 0, 0, "", "not UTF-8 text", null, e);
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(), 0, 0, "",
          "cannot be read" + (Files.isDirectory(file) ? ": it is a directory" : ""), null, e);
    }
    return read(text, file.toString(), type, overrides);
  }

  /** {@link #read(String, String, Class, List)} without overrides. */
  public static <R extends Record> Loaded<R> read(String yaml, String source, Class<R> type) {
    return read(yaml, source, type, List.of());
  }

  /**
   * Reads YAML text.
   *
   * @param source what messages call the text, e.g. its file name
   * @param overrides {@code key.path=value} strings applied before binding, see {@link Overrides}
   * @throws ConfigException for anything wrong
   */
  public static <R extends Record> Loaded<R> read(
      String yaml, String source, Class<R> type, List<String> overrides) {
    Document doc = YamlReader.read(yaml, source);
    Schema.checkRoot(doc, type);
    Overrides.apply(doc, type, overrides);
    return new Loaded<>(bind(doc, type), new ConfigLocations(doc));
  }

  /** Checks a document against a record type, then binds it. */
  static <R extends Record> R bind(Document doc, Class<R> type) {
    List<Schema.Problem> problems = new ArrayList<>();
    ConfigException top = Schema.check(doc, "", doc.root, type, problems);
    if (top != null) {
      throw top;
    }
    if (!problems.isEmpty()) {
      throw FirstProblem.of(doc, type, problems);
    }
    return Binder.bind(doc, type);
  }

  /**
   * The record as YAML: kebab-case keys in component order, every value (defaults and nulls
   * included), doubles as {@link Double#toString} writes them ({@code .inf}, {@code -.inf},
   * {@code .nan} for the others), strings quoted when they could read back as anything else.
   * Reading the text back into the same type gives an equal record.
   */
  public static String write(Record config) {
    try {
      return Binder.WRITER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + config.getClass().getSimpleName() + " as YAML: "
              + e.getOriginalMessage(), e);
    }
  }
}
