package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.experiment.Experiment;

/**
 * Progress of a run: bars redrawn in place on a terminal, plain lines without carriage returns or
 * escape codes otherwise, nothing when quiet.
 */
class ProgressDisplayTest {

  @TempDir static Path dir;

  private static final Experiment TINY = Experiment.defaultExperiment(List.of(
      "data.limit=200", "training.epochs=3", "pruning.max-steps=2",
      "pruning.retraining.epochs=2", "pruning.strategies=[{name: magnitude}]"));

  private static String bars;
  private static String lines;
  private static String quiet;

  private static String run(ProgressDisplay.Mode mode, String name) {
    StringWriter text = new StringWriter();
    try (PrintWriter err = new PrintWriter(text)) {
      TINY.run(dir.resolve(name), new ProgressDisplay(err, mode));
    }
    return text.toString();
  }

  @BeforeAll
  static void runAll() {
    bars = run(ProgressDisplay.Mode.BAR, "bars");
    lines = run(ProgressDisplay.Mode.LINES, "lines");
    quiet = run(ProgressDisplay.Mode.NONE, "quiet");
  }

  @Test
  void aTerminalGetsBarsRedrawnInPlaceWithTheObjective() {
    assertTrue(bars.contains("\rtraining"), bars);
    assertTrue(bars.contains("\rpruning"), bars);
    assertTrue(bars.matches("(?s).*\\rpruning +\\d+% .*magnitude.*"), "one bar for all sequences");
    assertTrue(bars.matches("(?s).*\\rtraining +\\d+% .*E [0-9.]+.*"), bars);
    assertTrue(bars.contains(": max-steps"), "the bar ends on the last sequence's stop: " + bars);
    assertTrue(bars.contains("pruning 1/2: magnitude without retraining\n"), bars);
  }

  @Test
  void aLogGetsPlainLinesWithoutCarriageReturnsOrEscapeCodes() {
    assertFalse(lines.contains("\r"), lines);
    assertFalse(lines.contains("\u001b"), lines);
    List<String> l = lines.lines().toList();
    assertTrue(l.get(0).startsWith("running digits: 120 training"), lines);
    assertTrue(l.contains("pruning 2/2: magnitude with retraining"), lines);
    assertTrue(l.stream().anyMatch(s -> s.startsWith("trained: ")), lines);
  }

  @Test
  void quietPrintsNothing() {
    assertEquals("", quiet);
  }
}
