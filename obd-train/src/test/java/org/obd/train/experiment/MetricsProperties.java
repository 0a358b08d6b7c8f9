package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.train.loop.StepRecord;

/** {@code metrics.csv} reads back to the records it was written from, bit for bit. */
class MetricsProperties {

  @Property(tries = 200, seed = "20261127")
  void csvReadsBackToTheSameRecords(@ForAll("records") List<StepRecord> records)
      throws IOException {
    Path dir = Files.createTempDirectory("metrics");
    try {
      Metrics.write(dir, records);
      assertEquals(records, Metrics.read(dir.resolve("metrics.csv")));
    } finally {
      for (String f : List.of("metrics.csv", "metrics.json")) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.delete(dir);
    }
  }

  /** Any bit pattern, and the values a run writes most (NaN, ±0, ±∞, ordinary numbers). */
  private static Arbitrary<Double> doubles() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
        net.jqwik.api.Tuple.of(3, Arbitraries.doubles()),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(Double.NaN, 0.0, -0.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, 1e-300, 0.1)));
  }

  /** Labels with the characters CSV must quote, spaces at either end and non-ASCII letters. */
  private static Arbitrary<String> strings() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars(',', '"', '\r', '\n', 'é', '∆')
        .ofMaxLength(12);
  }

  @Provide
  Arbitrary<List<StepRecord>> records() {
    Arbitrary<Integer> ints = Arbitraries.integers();
    Arbitrary<StepRecord> record =
        Combinators.combine(
                Combinators.combine(strings(), Arbitraries.of(true, false), ints, ints, ints,
                        doubles(), doubles(), doubles())
                    .as(List::<Object>of),
                Combinators.combine(doubles(), doubles(), ints, doubles(), doubles(), doubles(),
                        doubles(), doubles())
                    .as(List::<Object>of),
                Combinators.combine(doubles(), doubles(), strings(), doubles())
                    .as(List::<Object>of))
            .as((a, b, c) -> new StepRecord(
                (String) a.get(0), (Boolean) a.get(1), (Integer) a.get(2), (Integer) a.get(3),
                (Integer) a.get(4), (Double) a.get(5), (Double) a.get(6), (Double) a.get(7),
                (Double) b.get(0), (Double) b.get(1), (Integer) b.get(2), (Double) b.get(3),
                (Double) b.get(4), (Double) b.get(5), (Double) b.get(6), (Double) b.get(7),
                (Double) c.get(0), (Double) c.get(1), (String) c.get(2), (Double) c.get(3)));
    return record.list().ofMaxSize(6);
  }
}
