package org.obd.train.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.obd.core.AtomicFiles;
import org.obd.train.loop.StepRecord;

/**
 * The step records of a run as {@code metrics.csv} and {@code metrics.json}: one row (object) per
 * prune step and strategy, the same columns in both, written atomically. Numbers are written so
 * that they read back to the same double; NaN means "does not apply" (e.g. the predicted change of
 * a strategy that predicts none) and is written {@code NaN} in CSV and {@code null} in JSON.
 */
public final class Metrics {

  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "strategy", "step", "retrained", "deleted", "remaining", "fraction_deleted",
          "objective_before", "predicted_delta", "actual_delta", "grad_norm", "negative_h",
          "negative_h_share", "train_objective", "train_accuracy", "validation_objective",
          "validation_accuracy", "test_objective", "test_accuracy", "retrain_stop", "seconds");

  private Metrics() {}

  /** The values of a record, in {@link #COLUMNS} order. */
  static Object[] values(StepRecord r) {
    return new Object[] {
      r.strategy(), r.step(), r.retrained(), r.deleted(), r.remaining(), r.fractionDeleted(),
      r.objectiveBefore(), r.predictedDelta(), r.actualDelta(), r.gradientNorm(),
      r.negativeCurvature(), r.negativeCurvatureShare(), r.trainObjective(), r.trainAccuracy(),
      r.validationObjective(), r.validationAccuracy(), r.testObjective(), r.testAccuracy(),
      r.retrainStop(), r.seconds()
    };
  }

  /** The CSV text: a header and one line per record. */
  public static String csv(List<StepRecord> records) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (StepRecord r : records) {
      Object[] v = values(r);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(v[i]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The JSON text: an array of one object per record. */
  public static String json(List<StepRecord> records) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode a = f.arrayNode();
    for (StepRecord r : records) {
      ObjectNode o = a.addObject();
      Object[] v = values(r);
      for (int i = 0; i < v.length; i++) {
        String k = COLUMNS.get(i);
        if (v[i] instanceof Double d) {
          if (Double.isFinite(d)) {
            o.put(k, d);
          } else {
            o.putNull(k);
          }
        } else if (v[i] instanceof Integer n) {
          o.put(k, n);
        } else if (v[i] instanceof Boolean b) {
          o.put(k, b);
        } else {
          o.put(k, String.valueOf(v[i]));
        }
      }
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a)
        + "\n";
  }

  /** Writes {@code metrics.csv} and {@code metrics.json} into {@code dir}, atomically. */
  public static void write(Path dir, List<StepRecord> records) throws IOException {
    AtomicFiles.writeString(dir.resolve("metrics.csv"), csv(records));
    AtomicFiles.writeString(dir.resolve("metrics.json"), json(records));
  }
}
