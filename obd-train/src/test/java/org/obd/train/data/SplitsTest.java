package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitsTest {

  @ParameterizedTest
  @CsvSource({
    "1, 0, 0, 'train fraction must be greater than 0, found 0.0'",
    "-0.5, 0.5, 1, 'train fraction must be 0 or greater, found -0.5'",
    "0.8, -0.1, 0.3, 'validation fraction must be 0 or greater, found -0.1'",
    "NaN, 0, 1, 'train fraction must be a finite number, found NaN'",
    "0.5, 0.2, Infinity, 'test fraction must be a finite number, found Infinity'",
    "0.7, 0.2, 0.05, 'train, validation and test fractions must sum to 1, found 0.7 + 0.2 + 0.05"
        + " = 0.95'",
  })
  void fractionsAreValidatedNamingFractionAndValue(String t, String v, String s, String message) {
    double train = t.equals("1") ? 0.0 : Double.parseDouble(t);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SplitFractions(train, Double.parseDouble(v), Double.parseDouble(s)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void fractionsWithinTheToleranceAreAccepted() {
    new SplitFractions(0.7, 0.2, 0.1 + 5e-10);
    new SplitFractions(1, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0.7, 0.2, 0.1 + 2e-9));
  }

  @Test
  void splitSizesAreTheLargestRemainderRounding() {
    assertArrayEquals(new int[] {7, 2, 1}, Splits.sizes(10, new SplitFractions(0.7, 0.2, 0.1)));
    assertArrayEquals(
        new int[] {1258, 270, 269}, Splits.sizes(1797, new SplitFractions(0.7, 0.15, 0.15)));
    assertArrayEquals(
        new int[] {1, 1, 1}, Splits.sizes(3, new SplitFractions(1 / 3.0, 1 / 3.0, 1 / 3.0)));
    // ties go to the earlier split
    assertArrayEquals(new int[] {1, 1, 0}, Splits.sizes(2, new SplitFractions(0.5, 0.25, 0.25)));
    assertArrayEquals(new int[] {1, 0, 0}, Splits.sizes(1, new SplitFractions(0.5, 0.5, 0)));
    // a fraction of 0 gets nothing, even when the others round down
    assertArrayEquals(new int[] {5, 0, 0}, Splits.sizes(5, new SplitFractions(1, 0, 0)));
    assertArrayEquals(new int[] {3, 2, 0}, Splits.sizes(5, new SplitFractions(0.55, 0.45, 0)));
  }

  /** Random class sizes and fractions: every stratified count is within 1 of its quota. */
  @Test
  void stratifiedCountsAreWithinOneOfTheQuotaAndAddUp() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 2000; trial++) {
      int classes = 1 + random.nextInt(12);
      int[] perClass = new int[classes];
      int n = 0;
      for (int c = 0; c < classes; c++) {
        perClass[c] = random.nextInt(trial % 3 == 0 ? 4 : 60);
        n += perClass[c];
      }
      if (n == 0) {
        continue;
      }
      SplitFractions f = randomFractions(random);
      double[] share = {f.train(), f.validation(), f.test()};
      int[][] counts = Splits.classCounts(perClass, f);
      int[] sizes = Splits.sizes(n, f);
      int[] totals = new int[3];
      String where = "trial " + trial + " " + Arrays.toString(perClass) + " " + f;
      for (int c = 0; c < classes; c++) {
        int sum = 0;
        for (int s = 0; s < 3; s++) {
          double quota = perClass[c] * share[s];
          assertTrue(Math.abs(counts[c][s] - quota) <= 1.0 + 1e-9, where + " class " + c);
          assertTrue(counts[c][s] >= 0, where);
          if (share[s] == 0) {
            assertEquals(0, counts[c][s], where + ": a fraction of 0 gets no samples");
          }
          sum += counts[c][s];
          totals[s] += counts[c][s];
        }
        assertEquals(perClass[c], sum, where + ": class " + c + " adds up");
      }
      assertArrayEquals(sizes, totals, where + ": split sizes are the overall rounding");
      for (int s = 0; s < 3; s++) {
        assertTrue(Math.abs(sizes[s] - n * share[s]) < 1.0, where + " split " + s);
      }
    }
  }

  private static SplitFractions randomFractions(SplittableRandom random) {
    double train = 0.05 + 0.95 * random.nextDouble();
    double rest = 1 - train;
    return switch (random.nextInt(4)) {
      case 0 -> new SplitFractions(train, rest, 0);
      case 1 -> new SplitFractions(train, 0, rest);
      case 2 -> new SplitFractions(1, 0, 0);
      default -> {
        double v = rest * random.nextDouble();
        yield new SplitFractions(train, v, 1 - train - v);
      }
    };
  }

  /** Labels of {@code n} samples, class {@code i % classes} except every 7th is class 0. */
  private static int[] labels(int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 7 == 0 ? 0 : i % classes;
    }
    return y;
  }

  @Test
  void stratifiedSplitsAreDisjointCompleteAndProportionalPerClass() {
    int[] y = labels(1000, 10);
    SplitFractions f = new SplitFractions(0.6, 0.25, 0.15);
    Splits.Indices split = Splits.stratified(y, 10, f, 5);
    assertPartition(split, 1000);
    int[] perClass = new int[10];
    for (int label : y) {
      perClass[label]++;
    }
    double[] share = {0.6, 0.25, 0.15};
    for (int s = 0; s < 3; s++) {
      int[] counts = new int[10];
      for (int i : split.get(s)) {
        counts[y[i]]++;
      }
      for (int c = 0; c < 10; c++) {
        assertTrue(
            Math.abs(counts[c] - perClass[c] * share[s]) <= 1.0,
            "split " + s + " class " + c + ": " + counts[c] + " of " + perClass[c]);
      }
    }
    assertArrayEquals(new int[] {600, 250, 150}, sizes(split));
  }

  @Test
  void theSameSeedGivesTheSameSplitsAndOtherSeedsOthers() {
    int[] y = labels(500, 4);
    SplitFractions f = new SplitFractions(0.5, 0.3, 0.2);
    Splits.Indices a = Splits.stratified(y, 4, f, 42);
    Splits.Indices b = Splits.stratified(y, 4, f, 42);
    Splits.Indices c = Splits.stratified(y, 4, f, 43);
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(a.get(s), b.get(s), "split " + s);
      assertFalse(Arrays.equals(a.get(s), c.get(s)), "split " + s + " with another seed");
    }
    assertFalse(
        Arrays.equals(sorted(a.train()), sorted(c.train())), "other samples, not only order");
    Splits.Indices u = Splits.shuffled(500, f, 42);
    Splits.Indices v = Splits.shuffled(500, f, 42);
    Splits.Indices w = Splits.shuffled(500, f, 43);
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(u.get(s), v.get(s));
      assertFalse(Arrays.equals(u.get(s), w.get(s)));
    }
  }

  @Test
  void theOrderInsideEachSplitIsShuffled() {
    Splits.Indices split = Splits.stratified(labels(300, 3), 3, new SplitFractions(0.5, 0.5, 0), 1);
    for (int s = 0; s < 2; s++) {
      assertFalse(Arrays.equals(split.get(s), sorted(split.get(s))), "split " + s);
      int[] labelsInOrder = new int[split.get(s).length];
      for (int i = 0; i < labelsInOrder.length; i++) {
        labelsInOrder[i] = labels(300, 3)[split.get(s)[i]];
      }
      assertFalse(
          Arrays.equals(labelsInOrder, sorted(labelsInOrder)), "classes are mixed in split " + s);
    }
  }

  /** The exact splits of a small case: they must not change between JVMs or releases. */
  @Test
  void splitsAreReproducibleBitForBit() {
    int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 2, 2};
    Splits.Indices s = Splits.stratified(y, 3, new SplitFractions(0.6, 0.2, 0.2), 2024);
    assertEquals(
        // counts per class (train, validation, test): class 0 (2, 1, 1), class 1 (2, 1, 1),
        // class 2 (2, 0, 0)
        "[4, 7, 3, 9, 8, 6] [5, 2] [1, 0]",
        Arrays.toString(s.train()) + " " + Arrays.toString(s.validation()) + " "
            + Arrays.toString(s.test()));
    Splits.Indices u = Splits.shuffled(8, new SplitFractions(0.5, 0.25, 0.25), 2024);
    assertEquals(
        "[0, 7, 6, 5] [3, 2] [1, 4]",
        Arrays.toString(u.train()) + " " + Arrays.toString(u.validation()) + " "
            + Arrays.toString(u.test()));
  }

  @Test
  void unlabelledSplitsAreOneShuffleCut() {
    Splits.Indices split = Splits.shuffled(101, new SplitFractions(0.8, 0, 0.2), 9);
    assertPartition(split, 101);
    assertArrayEquals(new int[] {81, 0, 20}, sizes(split));
    assertEquals(0, split.validation().length, "a fraction of 0 gives an empty split");
  }

  @Test
  void emptyClassesAndTinyClasses() {
    int[] y = {2, 2, 2, 0};
    Splits.Indices split = Splits.stratified(y, 4, new SplitFractions(0.5, 0.25, 0.25), 3);
    assertPartition(split, 4);
    assertArrayEquals(new int[] {2, 1, 1}, sizes(split));
  }

  private static int[] sizes(Splits.Indices split) {
    return new int[] {split.train().length, split.validation().length, split.test().length};
  }

  private static int[] sorted(int[] a) {
    int[] b = a.clone();
    Arrays.sort(b);
    return b;
  }

  private static void assertPartition(Splits.Indices split, int n) {
    int[] seen = new int[n];
    for (int s = 0; s < 3; s++) {
      for (int i : split.get(s)) {
        seen[i]++;
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(1, seen[i], "sample " + i + " is in exactly one split");
    }
  }
}
