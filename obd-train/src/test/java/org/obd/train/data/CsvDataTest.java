package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.obd.core.Dataset;
import org.obd.core.Shape;

class CsvDataTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private Path writeGzip(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  @Test
  void classLabelsBecomeOneHotTargets() throws IOException {
    Path f = write("d.csv", "0.5, -1, 2\n\n  \r\n1e-3,.25,0\r\n-0,3.,1\n");
    Dataset d = CsvData.read(f, CsvTargets.classLabel(3));
    assertEquals(3, d.size());
    assertEquals(2, d.inputSize());
    assertEquals(3, d.targetSize());
    assertArrayEquals(new double[] {0.5, -1}, d.input(0), 0.0);
    assertArrayEquals(new double[] {1e-3, 0.25}, d.input(1), 0.0);
    assertArrayEquals(new double[] {-0.0, 3}, d.input(2), 0.0);
    assertArrayEquals(new double[] {0, 0, 1}, d.target(0), 0.0);
    assertArrayEquals(new double[] {1, 0, 0}, d.target(1), 0.0);
    assertArrayEquals(new double[] {0, 1, 0}, d.target(2), 0.0);
  }

  @Test
  void realTargetsTakeTheLastColumns() throws IOException {
    Path f = write("r.csv", "1,2,3,4\n5,6,7,8\n");
    Dataset d = CsvData.read(f, CsvTargets.values(2));
    assertEquals(2, d.inputSize());
    assertArrayEquals(new double[] {3, 4}, d.target(0), 0.0);
    assertArrayEquals(new double[] {5, 6}, d.input(1), 0.0);
  }

  @Test
  void aNonNumericFirstRowIsSkippedAsAHeader() throws IOException {
    Path f = write("h.csv", "\uFEFFx1,x2,label\n1,2,1\n");
    Dataset d = CsvData.read(f, CsvTargets.classLabel(2));
    assertEquals(1, d.size());
    assertArrayEquals(new double[] {1, 2}, d.input(0), 0.0);
  }

  @Test
  void gzipIsReadTransparently() throws IOException {
    String csv = "1,2,0\n3,4,1\n";
    Dataset plain = CsvData.read(write("p.csv", csv), CsvTargets.classLabel(2));
    Dataset gz = CsvData.read(writeGzip("p.csv.gz", csv), CsvTargets.classLabel(2));
    Dataset misnamed = CsvData.read(writeGzip("q.csv", csv), CsvTargets.classLabel(2));
    assertEquals(2, plain.size());
    assertTrue(sameValues(plain, gz), ".csv.gz reads as the plain file");
    assertTrue(sameValues(plain, misnamed), "gzip is recognised by content, not by name");
  }

  private static boolean sameValues(Dataset a, Dataset b) {
    for (int n = 0; n < a.size(); n++) {
      if (!Arrays.equals(a.input(n), b.input(n)) || !Arrays.equals(a.target(n), b.target(n))) {
        return false;
      }
    }
    return a.size() == b.size();
  }

  @Test
  void readRawKeepsLabelsOrValuesWithAFlatShape() throws IOException {
    Path f = write("raw.csv", "0.5,-1,2\n1e-3,.25,0\n");
    RawData labelled = CsvData.readRaw(f, CsvTargets.classLabel(3));
    assertEquals(f.toString(), labelled.source());
    assertEquals(Shape.flat(2), labelled.inputShape());
    assertTrue(labelled.hasLabels());
    assertArrayEquals(new int[] {2, 0}, labelled.labels());
    assertEquals(3, labelled.classes());
    assertNull(labelled.values());
    assertArrayEquals(new double[] {0.5, -1, 1e-3, 0.25}, labelled.inputs().data, 0.0);
    assertArrayEquals(new int[] {1, 0, 1}, labelled.classCounts());

    RawData real = CsvData.readRaw(f, CsvTargets.values(2));
    assertEquals(Shape.flat(1), real.inputShape());
    assertFalse(real.hasLabels());
    assertNull(real.labels());
    assertEquals(0, real.classes());
    assertArrayEquals(new double[] {-1, 2, 0.25, 0}, real.values().data, 0.0);
  }

  @Test
  void readRawReportsErrorsAsReadDoes() throws IOException {
    Path f = write("bad.csv", "1,2,0\n3,4,7\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CsvData.readRaw(f, CsvTargets.classLabel(2)));
    assertEquals(
        f + " line 2, column 3: label 7 is out of range; expected a class index in 0..1",
        e.getMessage());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("1,2,0\n3,4\n", 2, "line 2: 2 columns, expected 3 as on line 1"),
        Arguments.of("a,b,c\n1,2\n", 2, "line 2: 2 columns, expected 3 as in the header on line 1"),
        Arguments.of("1,2,0\n3,x,1\n", 2, "line 2, column 2: value 'x' is not a number"),
        Arguments.of("1,2,0\n3,1d,1\n", 2, "line 2, column 2: value '1d' is not a number"),
        Arguments.of("1,NaN,0\n", 2, "line 1, column 2: value 'NaN' is not finite"),
        Arguments.of("-Infinity,1,0\n", 2, "line 1, column 1: value '-Infinity' is not finite"),
        Arguments.of("1e400,1,0\n", 2, "line 1, column 1: value '1e400' is not finite"),
        Arguments.of("1,,0\n", 2, "line 1, column 2: empty value, expected a number"),
        Arguments.of("1,2,2\n", 2, "line 1, column 3: label 2 is out of range; expected a class"
            + " index in 0..1"),
        Arguments.of("1,2,-1\n", 2, "line 1, column 3: label -1 is out of range"),
        Arguments.of("1,2,99999999999999999999\n", 2, "label 99999999999999999999 is out of range"),
        Arguments.of("1,2,1.0\n", 2, "line 1, column 3: label '1.0' is not an integer"),
        Arguments.of("1\n", 2, "line 1: 1 column, expected at least 2 (input values, then a class"
            + " label)"),
        Arguments.of("", 2, ": no data rows (the file is empty)"),
        Arguments.of("\n  \n", 2, ": no data rows (the file is empty)"),
        Arguments.of("x,label\n\n", 2, ": no data rows after the header on line 1"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void errorsNameFileLineColumnAndValue(String content, int classes, String expected)
      throws IOException {
    Path f = write("bad.csv", content);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvData.read(f, CsvTargets.classLabel(classes)));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains(expected),
        "message\n  " + e.getMessage() + "\nshould contain\n  " + expected);
  }

  @Test
  void targetValuesNeedEnoughColumns() throws IOException {
    Path f = write("few.csv", "1,2\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CsvData.read(f, CsvTargets.values(2)));
    assertEquals(
        f + " line 1: 2 columns, expected at least 3 (input values, then 2 target values)",
        e.getMessage());
  }

  @Test
  void missingAndCorruptFiles() throws IOException {
    assertThrows(
        NoSuchFileException.class,
        () -> CsvData.read(dir.resolve("none.csv"), CsvTargets.classLabel(2)));
    Path good = writeGzip("g.csv.gz", "1,2,0\n".repeat(100));
    byte[] gz = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CsvData.read(cut, CsvTargets.classLabel(2)));
    assertEquals(
        cut + ": corrupt gzip data: the file ends inside the compressed data (it is truncated)",
        e.getMessage());
    Path header = dir.resolve("header.csv.gz");
    Files.write(header, Arrays.copyOf(gz, 5));
    e = assertThrows(
        IllegalArgumentException.class, () -> CsvData.read(header, CsvTargets.classLabel(2)));
    assertEquals(
        header + ": corrupt gzip data: the file ends inside the compressed data (it is truncated)",
        e.getMessage(), "no '(null)' from the JDK's EOFException");
  }

  /** A 5 MB cell is echoed as its first 60 characters and "…", not whole. */
  @Test
  void hugeValuesAreEchoedAbbreviated() throws IOException {
    String huge = "x".repeat(5_000_000);
    Path f = write("huge.csv", "1,2,0\n1," + huge + ",1\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CsvData.read(f, CsvTargets.classLabel(2)));
    assertEquals(
        f + " line 2, column 2: value '" + "x".repeat(60) + "…' is not a number", e.getMessage());
    Path l = write("label.csv", "1,2,0\n1,2," + "9".repeat(100) + "\n");
    e = assertThrows(IllegalArgumentException.class, () -> CsvData.read(l, CsvTargets.classLabel(2)));
    assertEquals(
        l + " line 2, column 3: label " + "9".repeat(60) + "… is out of range; expected a class"
            + " index in 0..1",
        e.getMessage());
  }

  @Test
  void streamsNameTheirSource() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvData.read(
                    new ByteArrayInputStream("1,2,x\n".getBytes(StandardCharsets.UTF_8)),
                    "inline",
                    CsvTargets.classLabel(2)));
    assertEquals(
        "inline line 1, column 3: label 'x' is not an integer; expected a class index in 0..1",
        e.getMessage());
  }

  @Test
  void countsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> CsvTargets.classLabel(0));
    assertThrows(IllegalArgumentException.class, () -> CsvTargets.values(-1));
  }
}
