package org.obd.train.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.obd.core.AtomicFiles;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.train.loop.EpochRecord;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.SequenceState;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.StopReason;
import org.obd.train.loop.TrainResult;
import org.obd.train.loop.TrainerState;
import org.obd.train.optim.OptimizerState;

/**
 * The state of a run, saved after every prune step and every few epochs so that a run killed at
 * any point resumes to the same numbers, bit for bit: the phase, the training state or the trained
 * model, the finished and current prune sequences, and an interrupted retraining. Written as one
 * JSON file, atomically (a reader never sees half of it); vectors are the IEEE 754 bits of their
 * doubles in base64, every other number a decimal that reads back to the same double.
 *
 * @param configHash the SHA-256 of the resolved config the state belongs to
 * @param training the interrupted initial training, or null
 * @param trained the result of the initial training, or null before it ends
 * @param sequences per prune sequence, in run order: its state after its last step (finished ones
 *     have a stop), or null when it has not begun (several run at once, so a later one may have
 *     begun before an earlier one)
 * @param retraining per sequence, same order: the interrupted retraining of its next step, or null
 */
record Checkpoint(
    String configHash,
    TrainerState training,
    TrainResult trained,
    List<SequenceState> sequences,
    List<TrainerState> retraining) {

  static final String FORMAT = "obd-checkpoint";
  /** Version 2 keeps an interrupted retraining per sequence (version 1: one, of the last). */
  static final int VERSION = 2;
  static final String FILE = "checkpoint.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  Checkpoint {
    sequences = Collections.unmodifiableList(new ArrayList<>(sequences));
    retraining = Collections.unmodifiableList(new ArrayList<>(retraining));
  }

  /** Writes the checkpoint into {@code dir}, atomically. */
  void save(Path dir) throws IOException {
    ObjectNode root = F.objectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("config-hash", configHash);
    if (training != null) {
      root.set("training", trainer(training));
    }
    if (trained != null) {
      root.set("trained", result(trained));
    }
    ArrayNode seqs = root.putArray("sequences");
    for (int i = 0; i < sequences.size(); i++) {
      SequenceState s = sequences.get(i);
      if (s == null) {
        seqs.addNull();
        continue;
      }
      ObjectNode o = sequence(s);
      TrainerState t = i < retraining.size() ? retraining.get(i) : null;
      if (t != null) {
        o.set("retraining", trainer(t));
      }
      seqs.add(o);
    }
    AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
  }

  /**
   * Reads the checkpoint in {@code dir}, or null when there is none.
   *
   * @throws IllegalArgumentException for a file that is not a checkpoint this version wrote
   */
  static Checkpoint load(Path dir, Network network) throws IOException {
    Path file = dir.resolve(FILE);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(text);
      int version = root == null ? 0 : root.path("version").asInt();
      if (!FORMAT.equals(root == null ? null : root.path("format").asText())
          || version < 1 || version > VERSION) {
        throw new IllegalArgumentException(
            file + ": not an obd checkpoint of version 1 to " + VERSION);
      }
      Reader r = new Reader(network);
      List<SequenceState> seqs = new ArrayList<>();
      List<TrainerState> retrainings = new ArrayList<>();
      for (JsonNode s : root.path("sequences")) {
        boolean begun = !s.isNull();
        seqs.add(begun ? r.sequence(s) : null);
        retrainings.add(begun && s.has("retraining") ? trainer(s.get("retraining")) : null);
      }
      if (version == 1 && root.has("retraining") && !seqs.isEmpty()) {
        // version 1: one interrupted retraining, of the last sequence begun
        retrainings.set(seqs.size() - 1, trainer(root.get("retraining")));
      }
      return new Checkpoint(
          root.path("config-hash").asText(),
          root.has("training") ? trainer(root.get("training")) : null,
          root.has("trained") ? r.result(root.get("trained")) : null,
          seqs,
          retrainings);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": the checkpoint cannot be read (" + e.getMessage() + "); delete it to start"
              + " the run afresh",
          e);
    }
  }

  // ---- encoding ----

  static String vector(double[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putLong(Double.doubleToRawLongBits(d));
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  static double[] vector(String s) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[b.remaining() / 8];
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.longBitsToDouble(b.getLong());
    }
    return v;
  }

  /** A double as text that reads back bit for bit, NaN and infinities included. */
  static String number(double d) {
    return Double.toString(d);
  }

  static double number(JsonNode n) {
    return Double.parseDouble(n.asText());
  }

  /** A model of the run's network: its parameters and the deleted indices, in base64. */
  private static JsonNode model(Model m) {
    ObjectNode o = F.objectNode();
    o.put("parameters", vector(m.parameters()));
    int[] deleted = m.mask().deletedIndices();
    ByteBuffer b = ByteBuffer.allocate(deleted.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int k : deleted) {
      b.putInt(k);
    }
    o.put("deleted", Base64.getEncoder().encodeToString(b.array()));
    return o;
  }

  /** Decodes what needs the run's network. */
  private static final class Reader {
    private final Network network;

    Reader(Network network) {
      this.network = network;
    }

    Model model(JsonNode n) {
      double[] theta = vector(n.get("parameters").asText());
      ByteBuffer b =
          ByteBuffer.wrap(Base64.getDecoder().decode(n.get("deleted").asText()))
              .order(ByteOrder.LITTLE_ENDIAN);
      int[] deleted = new int[b.remaining() / 4];
      for (int i = 0; i < deleted.length; i++) {
        deleted[i] = b.getInt();
      }
      return new Model(network, theta, Mask.of(theta.length, deleted));
    }

    TrainResult result(JsonNode n) {
      return new TrainResult(
          model(n.get("model")), StopReason.valueOf(n.get("reason").asText()),
          n.get("message").asText(), n.get("epochs").asInt(), n.get("steps").asLong(),
          number(n.get("train-objective")), number(n.get("gradient-norm")),
          number(n.get("validation-objective")), history(n.get("history")));
    }

    SequenceState sequence(JsonNode n) {
      List<StepRecord> rs = new ArrayList<>();
      n.get("records").forEach(r -> rs.add(record(r)));
      return new SequenceState(
          n.get("step").asInt(), model(n.get("model")), rs,
          n.has("stop") ? PruneLoop.Stop.valueOf(n.get("stop").asText()) : null);
    }
  }

  private static ObjectNode epoch(EpochRecord r) {
    ObjectNode o = F.objectNode();
    o.put("epoch", r.epoch());
    o.put("steps", r.steps());
    o.put("train-objective", number(r.trainObjective()));
    o.put("gradient-norm", number(r.gradientNorm()));
    o.put("validation-objective", number(r.validationObjective()));
    return o;
  }

  private static EpochRecord epoch(JsonNode n) {
    return new EpochRecord(
        n.get("epoch").asInt(), n.get("steps").asLong(), number(n.get("train-objective")),
        number(n.get("gradient-norm")), number(n.get("validation-objective")));
  }

  private static ArrayNode history(List<EpochRecord> h) {
    ArrayNode a = F.arrayNode();
    h.forEach(r -> a.add(epoch(r)));
    return a;
  }

  private static List<EpochRecord> history(JsonNode n) {
    List<EpochRecord> h = new ArrayList<>();
    n.forEach(e -> h.add(epoch(e)));
    return h;
  }

  private static ObjectNode optimizer(OptimizerState s) {
    ObjectNode o = F.objectNode();
    o.put("optimizer", s.optimizer());
    ObjectNode v = o.putObject("vectors");
    s.vectors().forEach((k, a) -> v.put(k, vector(a)));
    ObjectNode sc = o.putObject("scalars");
    s.scalars().forEach((k, d) -> sc.put(k, number(d)));
    return o;
  }

  private static OptimizerState optimizer(JsonNode n) {
    Map<String, double[]> v = new LinkedHashMap<>();
    n.get("vectors").properties().forEach(e -> v.put(e.getKey(), vector(e.getValue().asText())));
    Map<String, Double> s = new LinkedHashMap<>();
    n.get("scalars").properties().forEach(e -> s.put(e.getKey(), number(e.getValue())));
    return new OptimizerState(n.get("optimizer").asText(), v, s);
  }

  private static ObjectNode trainer(TrainerState t) {
    ObjectNode o = F.objectNode();
    o.put("epoch", t.epoch());
    o.put("steps", t.steps());
    o.put("parameters", vector(t.parameters()));
    o.set("optimizer", optimizer(t.optimizer()));
    if (t.best() != null) {
      o.put("best", vector(t.best()));
    }
    o.put("best-validation", number(t.bestValidation()));
    o.put("best-epoch", t.bestEpoch());
    o.set("history", history(t.history()));
    return o;
  }

  private static TrainerState trainer(JsonNode n) {
    return new TrainerState(
        n.get("epoch").asInt(), n.get("steps").asLong(), vector(n.get("parameters").asText()),
        optimizer(n.get("optimizer")), n.has("best") ? vector(n.get("best").asText()) : null,
        number(n.get("best-validation")), n.get("best-epoch").asInt(), history(n.get("history")));
  }

  private static ObjectNode result(TrainResult r) {
    ObjectNode o = F.objectNode();
    o.set("model", model(r.model()));
    o.put("reason", r.reason().name());
    o.put("message", r.message());
    o.put("epochs", r.epochs());
    o.put("steps", r.steps());
    o.put("train-objective", number(r.trainObjective()));
    o.put("gradient-norm", number(r.gradientNorm()));
    o.put("validation-objective", number(r.validationObjective()));
    o.set("history", history(r.history()));
    return o;
  }


  static ObjectNode record(StepRecord r) {
    ObjectNode o = F.objectNode();
    o.put("strategy", r.strategy());
    o.put("retrained", r.retrained());
    o.put("step", r.step());
    o.put("deleted", r.deleted());
    o.put("remaining", r.remaining());
    o.put("fraction-deleted", number(r.fractionDeleted()));
    o.put("objective-before", number(r.objectiveBefore()));
    o.put("predicted-delta", number(r.predictedDelta()));
    o.put("actual-delta", number(r.actualDelta()));
    o.put("gradient-norm", number(r.gradientNorm()));
    o.put("negative-curvature", r.negativeCurvature());
    o.put("negative-curvature-share", number(r.negativeCurvatureShare()));
    o.put("train-objective", number(r.trainObjective()));
    o.put("train-accuracy", number(r.trainAccuracy()));
    o.put("validation-objective", number(r.validationObjective()));
    o.put("validation-accuracy", number(r.validationAccuracy()));
    o.put("test-objective", number(r.testObjective()));
    o.put("test-accuracy", number(r.testAccuracy()));
    o.put("retrain-stop", r.retrainStop());
    o.put("seconds", number(r.seconds()));
    return o;
  }

  static StepRecord record(JsonNode n) {
    return new StepRecord(
        n.get("strategy").asText(), n.get("retrained").asBoolean(), n.get("step").asInt(),
        n.get("deleted").asInt(), n.get("remaining").asInt(), number(n.get("fraction-deleted")),
        number(n.get("objective-before")), number(n.get("predicted-delta")),
        number(n.get("actual-delta")), number(n.get("gradient-norm")),
        n.get("negative-curvature").asInt(), number(n.get("negative-curvature-share")),
        number(n.get("train-objective")), number(n.get("train-accuracy")),
        number(n.get("validation-objective")), number(n.get("validation-accuracy")),
        number(n.get("test-objective")), number(n.get("test-accuracy")),
        n.get("retrain-stop").asText(), number(n.get("seconds")));
  }

  private static ObjectNode sequence(SequenceState s) {
    ObjectNode o = F.objectNode();
    o.put("step", s.step());
    o.set("model", model(s.model()));
    ArrayNode rs = o.putArray("records");
    s.records().forEach(r -> rs.add(record(r)));
    if (s.stop() != null) {
      o.put("stop", s.stop().name());
    }
    return o;
  }

}
