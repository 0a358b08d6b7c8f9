package org.obd.spark;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a sweep on the driver: a line per finished run ({@code sweep: 3/24 runs done}) and
 * per failed attempt, counting the tasks of the sweep's own job group only.
 */
final class SweepProgress extends SparkListener {

  private final String group;
  private final int total;
  private final PrintWriter out;
  private final int maxFailures;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private int done;

  SweepProgress(String group, int total, int done, int maxFailures, PrintWriter out) {
    this.group = group;
    this.maxFailures = maxFailures;
    this.total = total;
    this.done = done;
    this.out = out;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    if (e.properties() != null && group.equals(e.properties().getProperty("spark.jobGroup.id"))) {
      stages.add(e.stageInfo().stageId());
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    if (!stages.contains(e.stageId())) {
      return;
    }
    if (e.taskInfo().successful()) {
      done++;
      out.printf("sweep: %d/%d runs done%n", done, total);
    } else if (e.reason() instanceof TaskFailedReason f) {
      String why = f.toErrorString().lines().findFirst().orElse("");
      int attempt = e.taskInfo().attemptNumber() + 1;
      if (attempt < maxFailures) {
        out.printf("sweep: a run failed on attempt %d of %d; Spark runs it again: %s%n", attempt,
            maxFailures, why);
      } else {
        out.printf("sweep: a run failed on its last attempt (%d of %d): %s%n", attempt,
            maxFailures, why);
      }
    }
    out.flush();
  }

  /** Runs done so far, those complete before the sweep started included. */
  synchronized int done() {
    return done;
  }
}
