package org.obd.train.loop;

import java.util.Map;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.obd.train.data.Digits;
import org.obd.train.init.Initializer;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.Optimizers;

/** Small seeded problems on the bundled digits for the loop's tests. */
final class Fixtures {

  private Fixtures() {}

  /** Rows {@code from..to-1} of the bundled digits. */
  static Dataset digits(int from, int to) {
    return Digits.load().range(from, to);
  }

  /** 64-12-10: tanh hidden layer, identity outputs. */
  static Network dense() {
    return Network.builder(Shape.flat(64))
        .dense(12, Activation.TANH)
        .dense(10, Activation.IDENTITY)
        .build();
  }

  /** A small LeNet-style network on the 8×8 digits. */
  static Network conv() {
    return Network.builder(new Shape(1, 8, 8))
        .conv2d(3, 3, 3, 1, Activation.TANH)
        .avgpool(2, Activation.TANH)
        .flatten()
        .dense(10, Activation.IDENTITY)
        .build();
  }

  static Model start(Network net, long seed) {
    return Initializer.LECUN_NORMAL.model(net, seed);
  }

  static Objective objective(Network net, Loss loss, boolean parallel) {
    return new Objective(net, loss, org.obd.core.L2.NONE, Objective.DEFAULT_BATCH_SIZE, parallel);
  }

  static Optimizer optimizer(String name, Map<String, Object> options) {
    return Optimizers.registry().create(name, options);
  }

  static TrainingConfig config(
      String optimizer, Map<String, Object> options, int batch, int epochs, Double tolerance,
      Integer patience, int checkpointEvery) {
    return new TrainingConfig(
        new Choice(optimizer, options), batch, epochs, tolerance, patience, checkpointEvery);
  }

  static Trainer trainer(
      Objective o, TrainingConfig c, Dataset train, Dataset validation, long seed) {
    return new Trainer(
        o, c, optimizer(c.optimizer().name(), c.optimizer().options()),
        org.obd.core.HessianDiagonal.builtins(), train, validation, seed);
  }
}
