package org.obd.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.obd.core.Network;
import org.obd.train.data.DataSummary;
import org.obd.train.experiment.ExperimentConfig;
import org.obd.train.experiment.ExperimentListener;
import org.obd.train.experiment.ExperimentResult;
import org.obd.train.loop.EpochRecord;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;

/**
 * The progress of a running experiment on stderr: on a terminal, a progress bar per phase
 * (training, then each prune sequence) with the epoch or step, the objective and an ETA; otherwise
 * plain lines, at most one every {@link #LINE_INTERVAL_NANOS} within a phase, so that a log file
 * never receives a bar's carriage returns or colour codes. Milestones (start, trained, each
 * sequence's start) are always printed as lines. The prune sequences, which may run several at
 * once, share one bar: the sum of their progress towards the target.
 */
final class ProgressDisplay implements ExperimentListener {

  /** How progress is shown. */
  enum Mode {
    /** Progress bars (a terminal). */
    BAR,
    /** Plain periodic lines (a pipe or a file). */
    LINES,
    /** Nothing ({@code --quiet}). */
    NONE;

    /** Bars when stderr is a terminal, lines otherwise, nothing when quiet. */
    static Mode detect(boolean quiet) {
      if (quiet) {
        return NONE;
      }
      // System.console() is non-null only when the JVM's standard streams are a terminal
      return System.console() != null && System.getenv("TERM") != null
          && !"dumb".equals(System.getenv("TERM")) ? BAR : LINES;
    }
  }

  /** The shortest time between two periodic lines of one phase. */
  static final long LINE_INTERVAL_NANOS = 2_000_000_000L;

  private final PrintWriter err;
  private final Mode mode;
  private long last = System.nanoTime() - 2 * LINE_INTERVAL_NANOS;
  private double target = 1;
  private ProgressBar bar;
  /** Whether the bar is the pruning phase's (one for all sequences, which may run at once). */
  private boolean pruningBar;
  /** Per sequence begun (label and mode), its progress in percent of the target. */
  private final Map<String, Long> progress = new HashMap<>();
  private int sequences = 1;

  ProgressDisplay(PrintWriter err, Mode mode) {
    this.err = err;
    this.mode = mode;
  }

  private void line(String s, boolean always) {
    if (mode == Mode.NONE) {
      return;
    }
    long now = System.nanoTime();
    if (always || (mode == Mode.LINES && now - last > LINE_INTERVAL_NANOS)) {
      closeBar();
      err.println(s);
      err.flush();
      last = now;
    }
  }

  private void openBar(String task, long max) {
    closeBar();
    pruningBar = false;
    if (mode != Mode.BAR) {
      return;
    }
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new Consumer(err))
        .build();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void started(ExperimentConfig c, DataSummary d, Network n, boolean resumed) {
    target = c.pruning().target();
    line(String.format(Locale.ROOT,
        "%s %s: %d training, %d validation, %d test samples; %d parameters%s",
        resumed ? "resuming" : "running", c.name(), d.train().size(), d.validation().size(),
        d.test().size(), n.parameterCount(), resumed ? " (from its checkpoint)" : ""), true);
    openBar("training", c.training().epochs());
  }

  @Override
  public void trainingEpoch(EpochRecord r, int max, double seconds) {
    if (bar != null) {
      bar.maxHint(max);
      bar.stepTo(r.epoch());
      bar.setExtraMessage(String.format(Locale.ROOT, " E %.4g |g| %.2g", r.trainObjective(),
          r.gradientNorm()));
    }
    line(String.format(Locale.ROOT,
        "training: epoch %d/%d, objective %.5g, gradient norm %.3g, validation %.5g (%.0f s)",
        r.epoch(), max, r.trainObjective(), r.gradientNorm(), r.validationObjective(), seconds),
        false);
  }

  @Override
  public void trained(TrainResult r) {
    line("trained: " + r.message(), true);
  }

  private static String sequence(String strategy, boolean retrained) {
    return strategy + (retrained ? " with retraining" : " without retraining");
  }

  /** The pruning phase's bar: every sequence's percent of the target, summed. */
  private void updatePruningBar(String message) {
    if (mode != Mode.BAR) {
      return;
    }
    if (bar == null || !pruningBar) {
      openBar("pruning", 100L * sequences);
      pruningBar = true;
    }
    long sum = 0;
    for (long v : progress.values()) {
      sum += v;
    }
    bar.stepTo(Math.min(100L * sequences, sum));
    bar.setExtraMessage(message);
  }

  @Override
  public void sequenceStarted(String strategy, boolean retrained, int index, int count) {
    sequences = count;
    progress.putIfAbsent(sequence(strategy, retrained), 0L);
    line(String.format(Locale.ROOT, "pruning %d/%d: %s", index + 1, count,
        sequence(strategy, retrained)), true);
    updatePruningBar(" " + sequence(strategy, retrained));
  }

  @Override
  public void retrainingEpoch(int step, EpochRecord r, int max, double seconds) {
    if (bar != null && pruningBar) {
      bar.setExtraMessage(String.format(Locale.ROOT, " step %d, retraining %d/%d, E %.4g", step,
          r.epoch(), max, r.trainObjective()));
    }
  }

  @Override
  public void step(StepRecord r) {
    String s = sequence(r.strategy(), r.retrained());
    progress.put(s, Math.min(100, Math.round(100 * r.fractionDeleted() / target)));
    updatePruningBar(String.format(Locale.ROOT, " %s: step %d, %.1f%% deleted, E %.4g",
        r.strategy() + (r.retrained() ? " (retrained)" : ""), r.step(),
        100 * r.fractionDeleted(), r.trainObjective()));
    line(String.format(Locale.ROOT,
        "  %s: step %d, %.1f%% deleted, objective %.5g, test accuracy %.1f%%", s,
        r.step(), 100 * r.fractionDeleted(), r.trainObjective(), 100 * r.testAccuracy()), false);
  }

  @Override
  public void sequenceFinished(String strategy, boolean retrained, PruneLoop.Stop stop) {
    progress.put(sequence(strategy, retrained), 100L);
    updatePruningBar(" " + sequence(strategy, retrained) + ": " + stop);
  }

  @Override
  public void finished(ExperimentResult result) {
    closeBar();
  }

  /** Ends any bar (an interrupted or failed run). */
  void close() {
    closeBar();
  }

  /** Draws a bar on one terminal line of stderr, redrawn in place. */
  private static final class Consumer implements ProgressBarConsumer {
    private final PrintWriter err;

    Consumer(PrintWriter err) {
      this.err = err;
    }

    @Override
    public int getMaxRenderedLength() {
      try {
        String columns = System.getenv("COLUMNS");
        return columns == null ? 100 : Math.max(40, Integer.parseInt(columns.strip()) - 1);
      } catch (NumberFormatException e) {
        return 100;
      }
    }

    @Override
    public void accept(String rendered) {
      err.print('\r');
      err.print(rendered);
      err.flush();
    }

    @Override
    public void close() {
      err.println();
      err.flush();
    }
  }
}
