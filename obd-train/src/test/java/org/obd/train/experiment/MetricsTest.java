package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.loop.StepRecord;

/** {@code metrics.csv}: quoting of labels, reading back, and located errors on bad files. */
class MetricsTest {

  @TempDir Path dir;

  private static final String HEADER = String.join(",", Metrics.COLUMNS);

  private static StepRecord record(String strategy, String stop) {
    return new StepRecord(strategy, true, 3, 10, 90, 0.1, 1.5, 0.25, Double.NaN, 1e-7, 2, 0.02,
        1.75, 0.5, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 0.875, stop, 0.125);
  }

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("metrics.csv"), text);
  }

  private void assertError(String text, String message) throws IOException {
    Path f = file(text);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metrics.read(f));
    assertEquals(f + ": " + message, e.getMessage());
  }

  @Test
  void labelsWithCommasQuotesAndLineBreaksAreQuotedAndReadBack() throws IOException {
    List<StepRecord> records = List.of(
        record("obd(hessian=exact, damping=0.1)", "max-epochs"),
        record("say \"hi\"", ""),
        record("two\nlines", "a\r\nb"),
        record("plain", "patience"));
    String csv = Metrics.csv(records);
    List<String> lines = csv.lines().toList();
    assertEquals(HEADER, lines.get(0));
    assertEquals("\"obd(hessian=exact, damping=0.1)\",3,true,10,90,0.1,1.5,0.25,NaN,1.0E-7,2,"
        + "0.02,1.75,0.5,NaN,Infinity,-0.0,0.875,max-epochs,0.125", lines.get(1));
    assertEquals("\"say \"\"hi\"\"\",3,", lines.get(2).substring(0, 15));
    assertEquals("plain,3,", lines.get(lines.size() - 1).substring(0, 8));
    assertEquals(records, Metrics.read(file(csv)));
    List<StepRecord> oneLine = records.subList(0, 2);
    assertEquals(oneLine, Metrics.read(file(Metrics.csv(oneLine).replace("\n", "\r\n"))),
        "CR LF line ends");
  }

  @Test
  void columnsMayComeInAnyOrderWithOthersAndBlankLines() throws IOException {
    StepRecord r = record("obd", "");
    List<String> header = new java.util.ArrayList<>(Metrics.COLUMNS);
    java.util.Collections.reverse(header);
    String[] values = Metrics.csv(List.of(r)).lines().toList().get(1).split(",", -1);
    List<String> reversed = new java.util.ArrayList<>(List.of(values));
    java.util.Collections.reverse(reversed);
    String text = String.join(",", header) + ",extra\n\n" + String.join(",", reversed)
        + ",x\n\n";
    assertEquals(List.of(r), Metrics.read(file(text)));
  }

  @Test
  void anEmptyRunHasNoRecords() throws IOException {
    assertEquals(List.of(), Metrics.read(file(HEADER + "\n")));
  }

  @Test
  void badFilesNameTheFileLineColumnAndWhatWasExpected() throws IOException {
    String row = Metrics.csv(List.of(record("obd", ""))).lines().toList().get(1);
    assertError("", "line 1: expected the header '" + HEADER + "', found an empty file");
    assertError("strategy,step\n", "line 1: the header has no column 'retrained' (expected the"
        + " columns " + HEADER + ")");
    assertError(HEADER + "\n" + row + "\n" + row.replace(",1.5,", ",1.5x,") + "\n",
        "line 3, column objective_before: expected a number, found '1.5x'");
    assertError(HEADER + "\n" + row.replace(",0.1,", ",,"),
        "line 2, column fraction_deleted: expected a number, found ''");
    assertError(HEADER + "\n" + row.replace(",1.5,", ",0x1p3,"),
        "line 2, column objective_before: expected a number, found '0x1p3'");
    assertError(HEADER + "\n" + row.replace("obd,3,", "obd,3.5,"),
        "line 2, column step: expected an integer, found '3.5'");
    assertError(HEADER + "\n" + row.replace(",true,", ",yes,"),
        "line 2, column retrained: expected true or false, found 'yes'");
    assertError(HEADER + "\n" + row + ",1\n", "line 2: expected 20 fields as in the header,"
        + " found 21");
    assertError(HEADER + "\n" + row.substring(0, row.lastIndexOf(',')) + "\n",
        "line 2: expected 20 fields as in the header, found 19");
    assertError(HEADER + "\n\n\"obd,3,true\n", "line 3: a quoted field does not end (no"
        + " closing '\"')");
    assertError(HEADER + "\n\"obd\"x,3\n", "line 2: expected a comma or the end of the line"
        + " after a quoted field, found 'x'");
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> Metrics.read(dir.resolve("nope.csv")));
  }
}
