package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.saliency.PrunerConfig;
import org.obd.train.config.Samples.Experiment;

/** The key table generated from the records, and the test that keeps a document's copy honest. */
class ConfigDocsTest {

  /** Relative to the module: surefire runs in its directory. */
  private static final Path SAMPLE = Path.of("src/test/java/org/obd/train/config/sample-experiment.md");
  private static final String BEGIN = "<!-- BEGIN generated: experiment keys -->";
  private static final String END = "<!-- END generated: experiment keys -->";

  @TempDir Path dir;

  enum Colour { DARK_RED, BLUE }

  record Inner(@Doc("a count") Integer k, @Doc(value = "a label", example = "'a | b'") String label) {
    Inner {
      k = k == null ? 1 : k;
      Check.required("label", label);
    }
  }

  record Small(
      @Doc("how many") Integer n,
      @Doc("a rate, per second") Double rate,
      @Doc("on or off") Boolean on,
      @Doc("a colour") Colour colour,
      @Doc("an inner mapping with a default of its own") Inner inner,
      @Doc("several inner mappings") List<Inner> inners,
      @Doc("anything") Map<String, Object> extra,
      @Doc("named counts") Map<String, Integer> counts,
      List<String> undocumented) {
    Small {
      n = n == null ? 3 : n;
      rate = rate == null ? 2.5e-3 : rate;
      colour = colour == null ? Colour.DARK_RED : colour;
      inner = inner == null ? new Inner(5, "x") : inner;
      inners = Check.required("inners", inners);
      extra = extra == null ? Map.of() : extra;
      undocumented = undocumented == null ? List.of("a b", "c") : undocumented;
    }
  }

  @Test
  void tableOfASmallRecord() {
    assertEquals("""
        | key | type | default | description |
        |-----|------|---------|-------------|
        | `n` | integer | `3` | how many |
        | `rate` | number | `0.0025` | a rate, per second |
        | `on` | boolean | none | on or off |
        | `colour` | one of dark-red \\| blue | `dark-red` | a colour |
        | `inner` | mapping | `{k: 5, label: x}` | an inner mapping with a default of its own |
        | `inner.k` | integer | `1` | a count |
        | `inner.label` | string | required | a label |
        | `inners` | list of mappings | required | several inner mappings |
        | `inners[].k` | integer | `1` | a count |
        | `inners[].label` | string | required | a label |
        | `extra` | mapping | `{}` | anything |
        | `counts` | mapping of integers | none | named counts |
        | `undocumented` | list of strings | `['a b', c]` |  |
        """, ConfigDocs.markdownTable(Small.class));
  }

  @Test
  void theSampleDocumentIsUpToDate() {
    ConfigDocs.assertUpToDate(SAMPLE, BEGIN, END, Experiment.class);
  }

  @Test
  void aChangedDefaultIsDrift() throws IOException {
    Path doc = dir.resolve("keys.md");
    String good = Files.readString(SAMPLE);
    String row = "| `training.batch-size` | integer | `32` | rows per minibatch |";
    assertTrue(good.contains(row));
    Files.writeString(doc, good.replace(row, row.replace("`32`", "`64`")));
    AssertionError e = assertThrows(
        AssertionError.class, () -> ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class));
    assertTrue(e.getMessage().startsWith(
        doc + ": the key table between '" + BEGIN + "' and '" + END + "' is out of date with"
            + " Experiment; first difference at table line 16:\n"
            + "  found:    | `training.batch-size` | integer | `64` | rows per minibatch |\n"
            + "  expected: " + row + "\n"
            + "Regenerate it with ConfigDocs.update, or replace it by:\n| key |"),
        e.getMessage());

    ConfigDocs.update(doc, BEGIN, END, Experiment.class);
    assertEquals(good, Files.readString(doc));
  }

  @Test
  void aMissingOrExtraKeyIsDrift() throws IOException {
    Path doc = dir.resolve("keys.md");
    String good = Files.readString(SAMPLE);
    String row = "| `training.patience` | integer | none | epochs without improvement before"
        + " stopping; none: never stop early |\n";
    assertTrue(good.contains(row));
    Files.writeString(doc, good.replace(row, ""));
    assertThrows(
        AssertionError.class, () -> ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class));
    Files.writeString(doc, good.replace(row, row + row.replace("patience", "patiense")));
    assertThrows(
        AssertionError.class, () -> ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class));
    Files.writeString(doc, good.replace("\n", "\r\n")); // line endings are no drift
    ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class);
  }

  @Test
  void missingMarkers() throws IOException {
    Path doc = dir.resolve("keys.md");
    Files.writeString(doc, "# Keys\n" + BEGIN + "\n");
    assertEquals(
        doc + ": marker '" + END + "' not found after '" + BEGIN + "'",
        assertThrows(AssertionError.class,
            () -> ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class)).getMessage());
    Files.writeString(doc, "# Keys\n");
    assertEquals(
        doc + ": marker '" + BEGIN + "' not found",
        assertThrows(AssertionError.class,
            () -> ConfigDocs.assertUpToDate(doc, BEGIN, END, Experiment.class)).getMessage());
  }

  record NoExample(@Doc("where") String path) {
    NoExample {
      Check.required("path", path);
    }
  }

  record Pruning(@Doc("one step") PrunerConfig step) {
    Pruning {
      step = step == null ? PrunerConfig.fraction(0.1) : step;
    }
  }

  /** Documented, but its keys are checked together: no single one is 'required'. */
  record Either(@Doc("one") Integer a, @Doc("or the other") Integer b) {
    Either {
      if ((a == null) == (b == null)) {
        throw ConfigException.invalid("a", "give exactly one of a and b");
      }
    }
  }

  record HoldsEither(@Doc("either") Either either) {}

  @Test
  void recordsWhoseDefaultsCannotBeFoundAreDeveloperErrors() {
    assertEquals(
        "NoExample.path is required: give it @Doc(example = \"...\") so that the defaults of"
            + " NoExample can be documented",
        assertThrows(IllegalStateException.class, () -> ConfigDocs.markdownTable(NoExample.class))
            .getMessage());
    // a documented record whose keys are checked together: no single key is 'required'
    assertEquals(
        "cannot find the defaults of Either: bound to {} it says 'a: give exactly one of a and b';"
            + " required keys need a @Doc(example = ...) that the record accepts",
        assertThrows(
                IllegalStateException.class, () -> ConfigDocs.markdownTable(HoldsEither.class))
            .getMessage());
  }

  /**
   * A record from another module (no {@link Doc} on its components, keys checked together, as
   * {@link PrunerConfig}) is one row: its default inline, its keys described by its holder.
   */
  @Test
  void recordsWithoutDocsAreOneValue() {
    assertEquals(
        "| key | type | default | description |\n"
            + "|-----|------|---------|-------------|\n"
            + "| `step` | mapping | `{scope: global, fraction: 0.1, count: null, include-biases:"
            + " false}` | one step |\n",
        ConfigDocs.markdownTable(Pruning.class));
  }
}
