package org.obd.train.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Seeded train/validation/test splits of sample indices (see {@link DataPipeline}).
 *
 * <p>Split sizes are the largest-remainder rounding of {@code N × fraction} (ties go to the earlier
 * split: train, validation, test). With class labels the split is stratified: each class is
 * divided in the same proportions, each of its counts the floor of {@code n_c × fraction} or one
 * more, chosen class by class (largest remainders first, as long as the remaining classes can still
 * make up the split sizes) so that the counts of each class add up to {@code n_c} and the split
 * sizes are exactly those above. Quotas use the fractions divided by their sum and are computed
 * exactly (in integer arithmetic on the binary fractions), so the counts never depend on rounding.
 *
 * <p>Randomness: one {@link SplittableRandom} seeded with the seed. With labels, each class's
 * sample indices (in data order) are shuffled, class by class, and dealt in order to train,
 * validation and test; then the train, validation and test index lists are each shuffled. Without
 * labels, all indices are shuffled once and cut into train, validation and test. Shuffles are
 * Fisher–Yates ({@code j = nextInt(i + 1)} for {@code i} from the last index down to 1).
 */
final class Splits {

  /** Number of splits: train, validation, test. */
  static final int SPLITS = 3;

  private Splits() {}

  /** Sample indices of the three splits, in the order the samples appear in each. */
  record Indices(int[] train, int[] validation, int[] test) {
    int[] get(int split) {
      return switch (split) {
        case 0 -> train;
        case 1 -> validation;
        default -> test;
      };
    }
  }

  /** Splits {@code raw}'s samples: stratified by class when it has labels, else shuffled. */
  static Indices split(RawData raw, SplitFractions fractions, long seed) {
    return raw.hasLabels()
        ? stratified(raw.labelsView(), raw.classes(), fractions, seed)
        : shuffled(raw.size(), fractions, seed);
  }

  /** One shuffle of {@code 0..n-1}, cut into the three split sizes. */
  static Indices shuffled(int n, SplitFractions fractions, long seed) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    shuffle(all, new SplittableRandom(seed));
    int[] sizes = sizes(n, fractions);
    int[][] out = new int[SPLITS][];
    int from = 0;
    for (int s = 0; s < SPLITS; s++) {
      out[s] = new int[sizes[s]];
      System.arraycopy(all, from, out[s], 0, sizes[s]);
      from += sizes[s];
    }
    return new Indices(out[0], out[1], out[2]);
  }

  /** A stratified split of samples with the given labels {@code 0..classes-1}. */
  static Indices stratified(int[] labels, int classes, SplitFractions fractions, long seed) {
    int[] perClass = new int[classes];
    for (int label : labels) {
      perClass[label]++;
    }
    int[][] counts = classCounts(perClass, fractions);
    // the sample indices of each class, in data order (a counting sort)
    int[] start = new int[classes + 1];
    for (int c = 0; c < classes; c++) {
      start[c + 1] = start[c] + perClass[c];
    }
    int[] byClass = new int[labels.length];
    int[] fill = start.clone();
    for (int i = 0; i < labels.length; i++) {
      byClass[fill[labels[i]]++] = i;
    }
    int[] sizes = new int[SPLITS];
    for (int[] row : counts) {
      for (int s = 0; s < SPLITS; s++) {
        sizes[s] += row[s];
      }
    }
    int[][] out = new int[SPLITS][];
    int[] filled = new int[SPLITS];
    for (int s = 0; s < SPLITS; s++) {
      out[s] = new int[sizes[s]];
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < classes; c++) {
      shuffle(byClass, start[c], start[c + 1], random);
      int from = start[c];
      for (int s = 0; s < SPLITS; s++) {
        System.arraycopy(byClass, from, out[s], filled[s], counts[c][s]);
        filled[s] += counts[c][s];
        from += counts[c][s];
      }
    }
    for (int s = 0; s < SPLITS; s++) {
      shuffle(out[s], random);
    }
    return new Indices(out[0], out[1], out[2]);
  }

  /** The split sizes: the largest-remainder rounding of {@code n × fraction}. */
  static int[] sizes(int n, SplitFractions fractions) {
    BigInteger[] f = exact(fractions);
    BigInteger sum = f[0].add(f[1]).add(f[2]);
    return largestRemainder(n, f, sum);
  }

  /**
   * How many samples of each class go to each split: {@code [class][split]}. Each count is the
   * floor or the ceiling of {@code n_c × fraction}, each class's counts add up to {@code n_c}, and
   * each split's counts add up to {@link #sizes}.
   */
  static int[][] classCounts(int[] perClass, SplitFractions fractions) {
    BigInteger[] f = exact(fractions);
    BigInteger sum = f[0].add(f[1]).add(f[2]);
    int classes = perClass.length;
    int n = 0;
    for (int k : perClass) {
      n += k;
    }
    int[][] counts = new int[classes][SPLITS];
    // remainders of n_c × f_s / sum, scaled by sum (all share that denominator)
    BigInteger[][] rem = new BigInteger[classes][SPLITS];
    int[] extra = new int[classes];
    int[] need = largestRemainder(n, f, sum);
    for (int c = 0; c < classes; c++) {
      int floors = 0;
      BigInteger nc = BigInteger.valueOf(perClass[c]);
      for (int s = 0; s < SPLITS; s++) {
        BigInteger[] qr = nc.multiply(f[s]).divideAndRemainder(sum);
        counts[c][s] = qr[0].intValueExact();
        rem[c][s] = qr[1];
        floors += counts[c][s];
        need[s] -= counts[c][s];
      }
      extra[c] = perClass[c] - floors;
    }
    // extra[c] (0..2) more samples of class c go to distinct splits; need[s] more to split s.
    // Class by class, the choice with the largest remainders that leaves the rest feasible
    // (Gale–Ryser: a 0/1 matrix with these row and column sums exists).
    int[] suffixAtLeast1 = new int[classes + 1];
    int[] suffixMin2 = new int[classes + 1];
    for (int c = classes - 1; c >= 0; c--) {
      suffixAtLeast1[c] = suffixAtLeast1[c + 1] + (extra[c] >= 1 ? 1 : 0);
      suffixMin2[c] = suffixMin2[c + 1] + Math.min(extra[c], 2);
    }
    for (int c = 0; c < classes; c++) {
      if (extra[c] == 0) {
        continue;
      }
      int best = -1;
      BigInteger bestScore = null;
      for (int subset = 1; subset < (1 << SPLITS); subset++) {
        if (Integer.bitCount(subset) != extra[c]) {
          continue;
        }
        BigInteger score = BigInteger.ZERO;
        int[] left = need.clone();
        boolean ok = true;
        for (int s = 0; s < SPLITS; s++) {
          if ((subset & (1 << s)) != 0) {
            ok &= --left[s] >= 0;
            score = score.add(rem[c][s]);
          }
        }
        if (ok
            && feasible(left, suffixAtLeast1[c + 1], suffixMin2[c + 1])
            && (bestScore == null || score.compareTo(bestScore) > 0)) {
          best = subset;
          bestScore = score;
        }
      }
      if (best < 0) {
        throw new AssertionError("no feasible stratified rounding for class " + c);
      }
      for (int s = 0; s < SPLITS; s++) {
        if ((best & (1 << s)) != 0) {
          counts[c][s]++;
          need[s]--;
        }
      }
    }
    return counts;
  }

  /**
   * Whether the remaining needs of the splits can be met by classes giving at most one sample to
   * each split: with the needs sorted, the largest at most the number of classes with any extra,
   * the largest two at most the extras counted up to 2 per class (the total matches by
   * construction).
   */
  private static boolean feasible(int[] need, int classesWithExtra, int extrasUpTo2) {
    int a = need[0];
    int b = need[1];
    int c = need[2];
    int max = Math.max(a, Math.max(b, c));
    int min = Math.min(a, Math.min(b, c));
    int sum = a + b + c;
    return max <= classesWithExtra && sum - min <= extrasUpTo2;
  }

  /** Largest-remainder rounding of {@code n × f_s / sum}; ties go to the earlier split. */
  private static int[] largestRemainder(int n, BigInteger[] f, BigInteger sum) {
    int[] out = new int[SPLITS];
    BigInteger[] rem = new BigInteger[SPLITS];
    int left = n;
    BigInteger bn = BigInteger.valueOf(n);
    for (int s = 0; s < SPLITS; s++) {
      BigInteger[] qr = bn.multiply(f[s]).divideAndRemainder(sum);
      out[s] = qr[0].intValueExact();
      rem[s] = qr[1];
      left -= out[s];
    }
    for (; left > 0; left--) {
      int best = 0;
      for (int s = 1; s < SPLITS; s++) {
        if (rem[s].compareTo(rem[best]) > 0) {
          best = s;
        }
      }
      out[best]++;
      rem[best] = BigInteger.ONE.negate();
    }
    return out;
  }

  /**
   * The three fractions as integers with a common denominator (a power of ten): doubles are binary
   * fractions, so each is exactly {@code unscaled × 10^-scale}.
   */
  private static BigInteger[] exact(SplitFractions f) {
    BigDecimal[] d = {
      new BigDecimal(f.train()), new BigDecimal(f.validation()), new BigDecimal(f.test())
    };
    int scale = 0;
    for (BigDecimal x : d) {
      scale = Math.max(scale, x.scale());
    }
    BigInteger[] out = new BigInteger[SPLITS];
    for (int s = 0; s < SPLITS; s++) {
      out[s] = d[s].setScale(scale).unscaledValue();
    }
    return out;
  }

  /** Fisher–Yates shuffle of the whole array. */
  static void shuffle(int[] a, SplittableRandom random) {
    shuffle(a, 0, a.length, random);
  }

  /** Fisher–Yates shuffle of {@code a[from..to)}. */
  static void shuffle(int[] a, int from, int to, SplittableRandom random) {
    for (int i = to - from - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[from + i];
      a[from + i] = a[from + j];
      a[from + j] = t;
    }
  }
}
