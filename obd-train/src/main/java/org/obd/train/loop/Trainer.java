package org.obd.train.loop;

import java.util.ArrayList;
import java.util.List;
import org.obd.core.Batch;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Mask;
import org.obd.core.Minibatches;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.core.Reduction;
import org.obd.core.Registry;
import org.obd.train.optim.Optimizer;

/**
 * Trains a model with an {@link Optimizer} on minibatches of a training set until a
 * {@link TrainingConfig}'s stopping rule fires, honouring the model's mask (deleted parameters
 * stay exactly 0).
 *
 * <p>Each epoch shuffles the training set with a seed derived from the trainer's seed and the
 * epoch number ({@link Seeds}), runs one optimizer step per minibatch (one step on the whole set
 * for a full-batch optimizer), then measures the objective and its gradient norm over the whole
 * training set and the objective over the validation set ({@link EpochRecord}). Training stops at
 * the first of: the most epochs; a gradient norm below the tolerance; {@code patience} epochs
 * without a lower validation objective; a full-batch optimizer that makes no progress; a
 * non-finite objective or gradient (divergence: the weights of the last good epoch are kept and
 * the message says what to change). With patience on, the weights of the best epoch are the
 * result.
 *
 * <p>Everything is a deterministic function of the inputs and the seed, whatever the number of
 * threads; a {@link TrainerState} given to {@link #train} resumes bit for bit. The steps allocate
 * nothing (the minibatches are views made once, the objective's passes reuse their buffers).
 */
public final class Trainer {

  private final Objective objective;
  private final TrainingConfig config;
  private final Optimizer optimizer;
  private final String optimizerName;
  private final HessianDiagonal diagonalMethod;
  private final Dataset train;
  private final Dataset validation;
  private final long seed;

  /**
   * @param objective network, loss and regulariser; its chunk size bounds a pass's rows in memory
   * @param config the optimizer's batch size and the stopping rule (the optimizer is given built)
   * @param optimizer the optimizer, built from {@code config.optimizer()}; the trainer
   *     initialises it
   * @param methods where the optimizer's {@link Optimizer#diagonalMethod()} is looked up
   * @param train the training set
   * @param validation the validation set, or null (or empty) for none; patience needs one
   * @param seed the seed of the shuffles and of a stochastic diagonal method
   * @throws IllegalArgumentException when patience is on without validation data, or the data do
   *     not fit the network
   */
  public Trainer(
      Objective objective,
      TrainingConfig config,
      Optimizer optimizer,
      Registry<HessianDiagonal> methods,
      Dataset train,
      Dataset validation,
      long seed) {
    train.checkFits(objective.network());
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    boolean hasValidation = validation != null && validation.size() > 0;
    if (hasValidation) {
      validation.checkFits(objective.network());
    }
    if (config.patience() != null && !hasValidation) {
      throw new IllegalArgumentException(
          "patience needs a validation set, but it is empty (give the validation split a"
              + " fraction above 0, or unset patience)");
    }
    this.objective = objective;
    this.config = config;
    this.optimizer = optimizer;
    this.optimizerName = config.optimizer().name();
    String method = optimizer.diagonalMethod();
    this.diagonalMethod = method == null ? null : methods.create(method, null);
    this.train = train;
    this.validation = hasValidation ? validation : null;
    this.seed = seed;
  }

  /**
   * The objective of the current minibatch, moved from batch to batch without allocating. For a
   * full-batch optimizer the batch is the whole training set in data order throughout, and the
   * last value and gradient are kept so that the epoch's measurement at the same point reuses
   * them (the same rows in the same order give the same bits).
   */
  static final class BatchObjective implements org.obd.train.optim.StepObjective {
    private final Objective objective;
    private final Mask mask;
    private final HessianDiagonal method;
    private final long seed;
    private final double[] lastTheta;
    private final double[] lastGradient;
    private double lastValue = Double.NaN;
    Batch batch;
    long step;

    BatchObjective(
        Objective objective, Mask mask, HessianDiagonal method, long seed, boolean remember) {
      this.objective = objective;
      this.mask = mask;
      this.method = method;
      this.seed = seed;
      this.lastTheta = remember ? new double[mask.size()] : null;
      this.lastGradient = remember ? new double[mask.size()] : null;
    }

    @Override
    public int parameterCount() {
      return mask.size();
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      double e = objective.evaluate(theta, mask, batch, Reduction.MEAN, gradient, null, 0L, null);
      if (lastTheta != null) {
        System.arraycopy(theta, 0, lastTheta, 0, theta.length);
        System.arraycopy(gradient, 0, lastGradient, 0, gradient.length);
        lastValue = e;
      }
      return e;
    }

    /** The value at {@code theta} with its gradient in {@code gradient} if the last call was there. */
    boolean recall(double[] theta, double[] gradient, double[] value) {
      if (lastTheta == null || Double.isNaN(lastValue) || !java.util.Arrays.equals(lastTheta, theta)) {
        return false;
      }
      System.arraycopy(lastGradient, 0, gradient, 0, gradient.length);
      value[0] = lastValue;
      return true;
    }

    @Override
    public double valueGradientAndDiagonal(double[] theta, double[] gradient, double[] diagonal) {
      if (method == null) {
        throw new IllegalStateException(
            "the optimizer asked for a Hessian diagonal but names no method");
      }
      return objective.evaluate(
          theta, mask, batch, Reduction.MEAN, gradient, method, Seeds.derive(seed, step),
          diagonal);
    }
  }

  /**
   * One epoch's steps over fixed minibatches; package-private for {@link TrainingThroughput} and
   * the allocation test.
   */
  static final class Stepper {
    final Minibatches batches;
    final BatchObjective step;
    final Optimizer optimizer;
    final double[] theta;
    final Mask mask;

    final boolean fullBatch;

    Stepper(Trainer t, double[] theta, Mask mask) {
      this.fullBatch = t.optimizer.fullBatch();
      this.batches = new Minibatches(t.train, fullBatch ? t.train.size() : t.config.batchSize());
      this.step =
          new BatchObjective(
              t.objective, mask, t.diagonalMethod, Seeds.derive(t.seed, 1), fullBatch);
      this.optimizer = t.optimizer;
      this.theta = theta;
      this.mask = mask;
    }

    /** One optimizer step on batch {@code b}; returns the batch objective before it. */
    double step(int b) {
      step.batch = batches.get(b);
      double e = optimizer.step(theta, mask, step);
      step.step++;
      return e;
    }
  }

  /**
   * Initialises the optimizer for {@code theta} and returns the stepper over this trainer's
   * minibatches (in data order until shuffled) that {@link #train} steps with; package-private for
   * {@link TrainingThroughput} and the allocation test.
   */
  Stepper stepper(double[] theta, Mask mask) {
    optimizer.initialise(mask.size());
    return new Stepper(this, theta, mask);
  }

  /**
   * Trains from {@code start}, or resumes from {@code resume} (a state this trainer's config and
   * data produced from the same start).
   *
   * @param start the model to train (its mask is kept)
   * @param resume a checkpoint to continue from, or null to start afresh
   * @param listener receives each epoch and the checkpoints
   */
  public TrainResult train(Model start, TrainerState resume, TrainingListener listener) {
    long t0 = System.nanoTime();
    Mask mask = start.mask();
    int p = mask.size();
    double[] theta = start.parameters();
    Stepper stepper = stepper(theta, mask);
    double[] gradient = new double[p];
    List<EpochRecord> history = new ArrayList<>();
    boolean patience = config.patience() != null;
    double[] best = null;
    double bestValidation = Double.NaN;
    int bestEpoch = -1;
    int epoch;
    if (resume != null) {
      System.arraycopy(resume.parameters(), 0, theta, 0, p);
      optimizer.restore(resume.optimizer());
      stepper.step.step = resume.steps();
      history.addAll(resume.history());
      best = resume.best();
      bestValidation = resume.bestValidation();
      bestEpoch = resume.bestEpoch();
      epoch = resume.epoch();
    } else {
      epoch = 0;
      EpochRecord r0 = measure(0, 0, theta, mask, gradient, null);
      history.add(r0);
      listener.epoch(r0, config.epochs(), seconds(t0));
      if (patience) {
        best = theta.clone();
        bestValidation = r0.validationObjective();
        bestEpoch = 0;
      }
    }
    double[] lastGood = theta.clone();
    StopReason reason = null;
    String message = null;
    EpochRecord last = history.get(history.size() - 1);
    if (!finite(last)) {
      reason = StopReason.DIVERGED;
      message = "the starting point's objective or gradient is not finite (" + describe(last) + ")";
    } else if (stopsAtTolerance(last)) {
      reason = StopReason.GRADIENT_TOLERANCE;
    }
    while (reason == null && epoch < config.epochs()) {
      epoch++;
      System.arraycopy(theta, 0, lastGood, 0, p);
      if (!stepper.fullBatch) {
        stepper.batches.shuffle(Seeds.derive(seed, 0, epoch));
      }
      int count = stepper.batches.count();
      for (int b = 0; b < count && reason == null; b++) {
        double e = stepper.step(b);
        if (!Double.isFinite(e)) {
          reason = StopReason.DIVERGED;
          message =
              "training diverged in epoch " + epoch + ", step " + (b + 1) + " of " + count
                  + ": the minibatch objective became " + e + "; " + advice();
        } else if (!optimizer.progressed()) {
          reason = StopReason.NO_PROGRESS;
          message =
              "training stopped in epoch " + epoch + ": " + optimizerName
                  + " found no acceptable step (the line search failed twice)";
        }
      }
      if (reason == StopReason.DIVERGED) {
        System.arraycopy(lastGood, 0, theta, 0, p);
        epoch--;
        break;
      }
      EpochRecord r = measure(epoch, stepper.step.step, theta, mask, gradient, stepper.step);
      if (!finite(r)) {
        reason = StopReason.DIVERGED;
        message =
            "training diverged in epoch " + epoch + ": " + describe(r) + " over the training set; "
                + advice();
        System.arraycopy(lastGood, 0, theta, 0, p);
        epoch--;
        break;
      }
      history.add(r);
      listener.epoch(r, config.epochs(), seconds(t0));
      if (patience && r.validationObjective() < bestValidation) {
        System.arraycopy(theta, 0, best, 0, p);
        bestValidation = r.validationObjective();
        bestEpoch = epoch;
      }
      if (reason == null && stopsAtTolerance(r)) {
        reason = StopReason.GRADIENT_TOLERANCE;
      }
      if (reason == null && patience && epoch - bestEpoch >= config.patience()) {
        reason = StopReason.PATIENCE;
      }
      if (reason == null && epoch % config.checkpointEvery() == 0 && epoch < config.epochs()) {
        listener.checkpoint(
            new TrainerState(
                epoch, stepper.step.step, theta, optimizer.state(), best, bestValidation,
                bestEpoch, history));
      }
    }
    if (reason == null) {
      reason = StopReason.MAX_EPOCHS;
    }
    EpochRecord end = history.get(history.size() - 1);
    if (patience && bestEpoch != end.epoch()) {
      System.arraycopy(best, 0, theta, 0, p);
      end = history.get(bestEpoch);
    }
    if (message == null) {
      message = summary(reason, epoch, end);
    }
    Model trained = start.withParameters(theta);
    return new TrainResult(
        trained, reason, message, epoch, stepper.step.step, end.trainObjective(),
        end.gradientNorm(), end.validationObjective(), history);
  }

  private boolean stopsAtTolerance(EpochRecord r) {
    return config.gradientTolerance() != null && r.gradientNorm() < config.gradientTolerance();
  }

  private EpochRecord measure(
      int epoch, long steps, double[] theta, Mask mask, double[] gradient, BatchObjective last) {
    double[] value = new double[1];
    double e =
        last != null && last.recall(theta, gradient, value)
            ? value[0]
            : objective.evaluate(
                theta, mask, Batch.all(train), Reduction.MEAN, gradient, null, 0L, null);
    double norm = 0;
    for (double g : gradient) {
      norm += g * g;
    }
    double v = validation == null ? Double.NaN : objective.value(theta, validation);
    return new EpochRecord(epoch, steps, e, Math.sqrt(norm), v);
  }

  private boolean finite(EpochRecord r) {
    return Double.isFinite(r.trainObjective())
        && Double.isFinite(r.gradientNorm())
        && (validation == null || Double.isFinite(r.validationObjective()));
  }

  private static String describe(EpochRecord r) {
    return "objective " + r.trainObjective() + ", gradient norm " + r.gradientNorm();
  }

  private String advice() {
    return "the weights of the last good epoch are kept; lower the learning rate of "
        + optimizerName + " (training.optimizer.options), or add an l2 term";
  }

  private String summary(StopReason reason, int epochs, EpochRecord end) {
    String where =
        "objective " + end.trainObjective() + ", gradient norm " + end.gradientNorm()
            + (Double.isNaN(end.validationObjective())
                ? ""
                : ", validation objective " + end.validationObjective());
    return switch (reason) {
      case MAX_EPOCHS -> "trained " + epochs + " epochs (the most allowed): " + where;
      case GRADIENT_TOLERANCE ->
          "converged after " + epochs + " epochs: gradient norm below "
              + config.gradientTolerance() + ": " + where;
      case PATIENCE ->
          "stopped after " + epochs + " epochs: no better validation objective for "
              + config.patience() + " epochs; kept epoch " + end.epoch() + ": " + where;
      default -> reason + " after " + epochs + " epochs: " + where;
    };
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
