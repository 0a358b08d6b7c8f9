package org.obd.train.loop;

import java.util.Arrays;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.core.Registry;
import org.obd.train.optim.Optimizer;

/**
 * Measures training throughput in samples per second: optimizer steps taken exactly as {@link
 * Trainer#train} takes them (minibatches as views of the training set, the trainer's minibatch
 * objective, {@link Optimizer#step}), timed the way PyTorch's reference script {@code
 * torch_train.py} times its own, so that the two figures compare:
 *
 * <ul>
 *   <li>the minibatches are cut once, in data order, and only whole ones are used (the last,
 *       smaller one is skipped, as the script does); a full-batch optimizer ({@code lbfgs}) steps
 *       on the whole set;
 *   <li>{@link Settings#warmupSteps} untimed steps, cycling through the batches;
 *   <li>then {@link Settings#chunks} timed chunks, each of groups of 10 steps until at least
 *       {@code seconds / chunks} have passed; the result is the median of the chunks' samples per
 *       second (samples = rows stepped on; an {@code lbfgs} step may evaluate its objective more
 *       than once).
 * </ul>
 *
 * <p>The steps change the parameters of a copy of the model: the model given is not modified.
 * This is a measuring tool; its figures vary from run to run and machine to machine, and nothing
 * in obd asserts them.
 */
public final class TrainingThroughput {

  /** Untimed warm-up steps by default, as in {@code torch_train.py}. */
  public static final int DEFAULT_WARMUP_STEPS = 50;

  /** Timed chunks by default, as in {@code torch_train.py}. */
  public static final int DEFAULT_CHUNKS = 10;

  /** Timed seconds by default, as in {@code torch_train.py}. */
  public static final double DEFAULT_SECONDS = 2.0;

  /** Steps between two readings of the clock. */
  private static final int STEPS_PER_READING = 10;

  private TrainingThroughput() {}

  /**
   * What to measure.
   *
   * @param optimizer the optimizer and its options (any name in the optimizer registry)
   * @param batchSize rows per minibatch, 1 or more and at most the number of samples
   * @param seconds timed seconds in all, positive
   * @param warmupSteps untimed steps before the timed ones, 0 or more
   * @param chunks timed chunks whose median is the result, 1 or more
   * @param seed the seed of a stochastic Hessian-diagonal method ({@code sdlm} with {@code
   *     hutchinson})
   */
  public record Settings(
      Choice optimizer, int batchSize, double seconds, int warmupSteps, int chunks, long seed) {

    /** Checks the ranges, naming the field. */
    public Settings {
      if (optimizer == null) {
        throw new IllegalArgumentException("optimizer is required");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be 1 or greater, found " + batchSize);
      }
      if (!(seconds > 0) || !Double.isFinite(seconds)) {
        throw new IllegalArgumentException("seconds must be positive and finite, found " + seconds);
      }
      if (warmupSteps < 0) {
        throw new IllegalArgumentException(
            "warm-up steps must be 0 or greater, found " + warmupSteps);
      }
      if (chunks < 1) {
        throw new IllegalArgumentException("chunks must be 1 or greater, found " + chunks);
      }
    }

    /** The optimizer with its default options, 50 warm-up steps, 10 chunks, seed 0. */
    public static Settings of(String optimizer, int batchSize, double seconds) {
      return new Settings(
          Choice.of(optimizer), batchSize, seconds, DEFAULT_WARMUP_STEPS, DEFAULT_CHUNKS, 0L);
    }
  }

  /**
   * A measurement.
   *
   * @param optimizer the optimizer's name
   * @param batchSize rows per step (the whole set for a full-batch optimizer)
   * @param samples samples in the training set
   * @param threads threads a step's pass runs on ({@link Objective#threads})
   * @param steps timed steps
   * @param samplesPerSecond the median over the chunks of rows stepped on per second
   * @param objective the minibatch objective before the last step (finite)
   */
  public record Result(
      String optimizer,
      int batchSize,
      int samples,
      int threads,
      long steps,
      double samplesPerSecond,
      double objective) {}

  /**
   * Runs the measurement.
   *
   * @param objective network, loss and regulariser; its chunk size and parallelism are the
   *     trainer's
   * @param start the model to train from (not modified; its mask is honoured)
   * @param data the training set
   * @param optimizers where {@code settings.optimizer()} is looked up
   * @param methods where a Hessian-diagonal method the optimizer asks for is looked up
   * @throws IllegalArgumentException for an unknown optimizer or bad options (naming them), a
   *     batch larger than the data set, or data that do not fit the network
   * @throws IllegalStateException when a step's objective is not finite (training diverged)
   */
  public static Result measure(
      Objective objective,
      Model start,
      Dataset data,
      Registry<Optimizer> optimizers,
      Registry<HessianDiagonal> methods,
      Settings settings) {
    Choice choice = settings.optimizer();
    Optimizer optimizer = optimizers.create(choice.name(), choice.options());
    if (!optimizer.fullBatch() && settings.batchSize() > data.size()) {
      throw new IllegalArgumentException(
          "batch size " + settings.batchSize() + " exceeds the " + data.size() + " samples");
    }
    TrainingConfig config =
        new TrainingConfig(choice, settings.batchSize(), 1, null, null, null);
    Trainer trainer = new Trainer(objective, config, optimizer, methods, data, null, settings.seed());
    Trainer.Stepper stepper = trainer.stepper(start.parameters(), start.mask());
    int rows = stepper.fullBatch ? data.size() : settings.batchSize();
    int batches = stepper.fullBatch ? 1 : data.size() / rows;

    int b = 0;
    double e = Double.NaN;
    for (int i = 0; i < settings.warmupSteps(); i++) {
      e = check(stepper.step(b), i);
      b = b + 1 == batches ? 0 : b + 1;
    }
    double[] rates = new double[settings.chunks()];
    long perChunk = (long) (settings.seconds() / settings.chunks() * 1e9);
    long steps = 0;
    for (int c = 0; c < rates.length; c++) {
      long done = 0;
      long t0 = System.nanoTime();
      long elapsed;
      do {
        for (int i = 0; i < STEPS_PER_READING; i++) {
          e = stepper.step(b);
          b = b + 1 == batches ? 0 : b + 1;
        }
        done += STEPS_PER_READING;
        elapsed = System.nanoTime() - t0;
      } while (elapsed < perChunk);
      check(e, settings.warmupSteps() + steps + done);
      steps += done;
      rates[c] = done * (double) rows / (elapsed / 1e9);
    }
    return new Result(
        choice.name(), rows, data.size(), objective.threads(rows), steps, median(rates), e);
  }

  private static double check(double e, long step) {
    if (!Double.isFinite(e)) {
      throw new IllegalStateException(
          "training diverged: the minibatch objective became " + e + " by step " + (step + 1)
              + "; lower the learning rate");
    }
    return e;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }
}
