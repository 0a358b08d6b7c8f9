package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.config.Samples.Experiment;

/** Text that is not a YAML mapping, and files that cannot be read: one located line each. */
class MalformedYamlTest {

  private static final String KEYS =
      "expected a mapping with keys name, seed, data, model, training, pruning, output, plugins";

  @TempDir Path dir;

  private static ConfigException error(String yaml) {
    ConfigException e = assertThrows(
        ConfigException.class,
        () -> YamlConfig.read(yaml, "experiment.yaml", Experiment.class));
    assertFalse(e.getMessage().contains("\n"), e.getMessage()); // one line, no snippet
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    assertFalse(e.getMessage().contains("reader"), e.getMessage()); // SnakeYAML's source name
    return e;
  }

  private static void assertError(String expected, String yaml) {
    assertEquals(expected, error(yaml).getMessage());
  }

  @Test
  void tabs() {
    ConfigException e = error("name: x\n\tseed: 2\n");
    assertEquals(
        "experiment.yaml line 2, column 1: malformed YAML: a tab character; indent YAML with"
            + " spaces",
        e.getMessage());
    assertEquals(2, e.line());
    assertEquals(1, e.column());
    assertEquals("", e.key());
  }

  @Test
  void badIndentation() {
    assertError(
        "experiment.yaml line 3, column 2: malformed YAML: bad indentation: this line does not"
            + " line up with the lines above it",
        "training:\n  epochs: 3\n batch-size: 2\n");
    assertError(
        "experiment.yaml line 3, column 15: malformed YAML: unexpected ':'; check the"
            + " indentation, or put a value that contains ': ' in quotes",
        "training:\n  epochs: 3\n    batch-size: 2\n");
    assertError(
        "experiment.yaml line 1, column 10: malformed YAML: unexpected ':'; check the"
            + " indentation, or put a value that contains ': ' in quotes",
        "name: run: 2\n");
  }

  @Test
  void unclosedBracketsAndQuotes() {
    assertError(
        "experiment.yaml line 3, column 22: malformed YAML: the list opened with '[' at line 3,"
            + " column 17 is not closed (expected ',' or ']', but got })",
        "name: x\ndata: {path: d.csv}\nmodel: {layers: [2, 1}\nseed: 3\n");
    assertError(
        "experiment.yaml line 2, column 1: malformed YAML: the mapping opened with '{' at line 1,"
            + " column 7 is not closed (expected ',' or '}', but got <stream end>)",
        "data: {path: d.csv\n");
    assertError(
        "experiment.yaml line 3, column 1: malformed YAML: the quoted text opened at line 1,"
            + " column 7 is not closed",
        "name: \"x\nseed: 3\n");
  }

  @Test
  void duplicateKeysNameTheFirst() {
    ConfigException e = error("name: x\ntraining:\n  epochs: 3\n  batch-size: 2\n  epochs: 4\n");
    assertEquals(
        "experiment.yaml line 5, column 3: training: duplicate key 'epochs' (first at line 3,"
            + " column 3)",
        e.getMessage());
    assertEquals("training", e.key());
    assertError(
        "experiment.yaml line 3, column 1: duplicate key 'name' (first at line 1, column 1)",
        "name: x\nseed: 2\nname: y\n");
    assertError(
        "experiment.yaml line 1, column 45: pruning.strategies[1]: duplicate key 'name' (first"
            + " at line 1, column 36)",
        "pruning: {strategies: [{name: a}, {name: b, name: c}]}\n");
  }

  @Test
  void emptyDocuments() {
    assertError("experiment.yaml line 1, column 1: nothing to read; " + KEYS, "");
    assertError("experiment.yaml line 1, column 1: nothing to read; " + KEYS, "# nothing yet\n\n");
    assertError("experiment.yaml line 2, column 1: " + KEYS + ", found nothing", "---\n~\n");
  }

  @Test
  void aTopLevelThatIsNotAMapping() {
    assertError(
        "experiment.yaml line 2, column 1: " + KEYS + ", found a list", "# runs\n- name: x\n");
    assertError("experiment.yaml line 1, column 1: " + KEYS + ", found 'hello'", "hello\n");
    assertError("experiment.yaml line 1, column 1: " + KEYS + ", found 42", "42\n");
  }

  @Test
  void oneDocumentPerFile() {
    assertError(
        "experiment.yaml line 3, column 1: a second YAML document ('---') is not allowed;"
            + " one file holds one config",
        "name: x\n---\nname: y\n");
  }

  @Test
  void unknownAliasesAndHugeNumbers() {
    assertError("experiment.yaml line 1, column 7: name: unknown alias '*base'", "name: *base\n");
    assertError(
        "experiment.yaml line 2, column 20: data.validation: number 1e999 is too large (write"
            + " .inf for infinity)",
        "name: x\ndata: {validation: 1e999}\n");
  }

  @Test
  void valuesThatCannotStartAToken() {
    assertError(
        "experiment.yaml line 1, column 7: malformed YAML: a value cannot start with '@'; put it"
            + " in quotes",
        "name: @home\n");
  }

  @Test
  void filesThatCannotBeRead() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    ConfigException e =
        assertThrows(ConfigException.class, () -> YamlConfig.load(missing, Experiment.class));
    assertEquals(missing + ": no such file", e.getMessage());
    assertEquals(0, e.line());
    assertEquals(missing.toString(), e.source());

    assertEquals(
        dir + ": cannot be read: it is a directory",
        assertThrows(ConfigException.class, () -> YamlConfig.load(dir, Experiment.class))
            .getMessage());

    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});
    assertEquals(
        latin1 + ": not UTF-8 text",
        assertThrows(ConfigException.class, () -> YamlConfig.load(latin1, Experiment.class))
            .getMessage());

    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "");
    assertEquals(
        empty + " line 1, column 1: nothing to read; " + KEYS,
        assertThrows(ConfigException.class, () -> YamlConfig.load(empty, Experiment.class))
            .getMessage());
  }
}
