package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Shape;

class DigitsTest {

  /** The raw rows of the bundled file, read without {@link CsvData}. */
  private static List<int[]> rawRows() throws IOException {
    List<int[]> rows = new ArrayList<>();
    InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE);
    assertNotNull(in, "resource " + Digits.RESOURCE);
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) {
          v[i] = Integer.parseInt(f[i]);
        }
        rows.add(v);
      }
    }
    return rows;
  }

  @Test
  void bundledDigitsLoadScaledWithTheFileLabels() throws IOException {
    Dataset d = Digits.load();
    assertEquals(1797, d.size());
    assertEquals(64, d.inputSize());
    assertEquals(10, d.targetSize());
    List<int[]> raw = rawRows();
    assertEquals(d.size(), raw.size());
    int[] perClass = new int[10];
    for (int n = 0; n < d.size(); n++) {
      int[] row = raw.get(n);
      assertEquals(65, row.length, "row " + n);
      double[] x = d.input(n);
      for (int j = 0; j < 64; j++) {
        // division by 16 is exact in binary floating point
        assertEquals(row[j] / 16.0, x[j], 0.0, "sample " + n + " pixel " + j);
      }
      double[] t = d.target(n);
      int label = -1;
      for (int c = 0; c < 10; c++) {
        if (t[c] == 1.0) {
          assertEquals(-1, label, "one-hot target of sample " + n);
          label = c;
        } else {
          assertEquals(0.0, t[c], 0.0);
        }
      }
      assertEquals(row[64], label, "label of sample " + n);
      perClass[label]++;
    }
    // the class counts of the file (`cut -d, -f65 | sort | uniq -c`)
    assertEquals(
        List.of(178, 182, 177, 183, 181, 182, 181, 179, 174, 180),
        java.util.Arrays.stream(perClass).boxed().toList());
  }

  @Test
  void rawDigitsHaveAnImageShapeAndTheSameValuesAsLoad() {
    RawData raw = Digits.raw();
    Dataset d = Digits.load();
    assertEquals(new Shape(1, 8, 8), raw.inputShape());
    assertEquals("bundled " + Digits.RESOURCE, raw.source());
    assertEquals(1797, raw.size());
    assertEquals(10, raw.classes());
    assertArrayEquals(d.inputs().data, raw.inputs().data, 0.0);
    int[] labels = raw.labels();
    for (int n = 0; n < d.size(); n++) {
      assertEquals(1.0, d.target(n)[labels[n]], 0.0, "one-hot target of sample " + n);
    }
    assertArrayEquals(
        new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, raw.classCounts());
  }
}
