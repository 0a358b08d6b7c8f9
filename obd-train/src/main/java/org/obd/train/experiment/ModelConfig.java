package org.obd.train.experiment;

import java.util.List;
import org.obd.core.Loss;
import org.obd.train.config.Check;
import org.obd.train.config.ConfigException;
import org.obd.train.config.Doc;
import org.obd.train.init.Initializer;

/**
 * The {@code model:} block of an experiment: the network's layers, the loss, the weight
 * initialisation and the L2 term of the objective.
 *
 * @param input the shape {@code [channels, height, width]} the input values are read as (to run
 *     convolutions on a CSV's flat rows); null: the data's own shape
 * @param layers the layers, applied in order
 * @param loss {@code softmax-cross-entropy} or {@code mse}
 * @param init the seeded weight initialisation
 * @param l2 {@code λ} of the objective's L2 term {@code ½λ‖w‖²} (0: none)
 * @param l2Biases whether the L2 term covers the biases too
 */
public record ModelConfig(
    @Doc("`[channels, height, width]` to read the inputs as; unset: the data's own shape")
        List<Integer> input,
    @Doc("the layers, in order: `type` (`dense`, `conv2d`, `avgpool`, `flatten`), `out`,"
            + " `kernel`, `stride`, `size`, `activation`")
        List<LayerConfig> layers,
    @Doc("`softmax-cross-entropy` or `mse`") Loss loss,
    @Doc("weight initialisation: `lecun-normal`, `lecun-uniform`, `lecun-1989`") Initializer init,
    @Doc("λ of the L2 term ½λ‖w‖² of the objective (0: none)") Double l2,
    @Doc("whether the L2 term covers the biases too") Boolean l2Biases) {

  /** Fills defaults and checks ranges, naming the key. */
  public ModelConfig {
    layers = List.copyOf(Check.nonEmpty("layers", Check.required("layers", layers)));
    if (input != null) {
      if (input.size() != 3) {
        throw ConfigException.invalid(
            "input", "must be [channels, height, width], found " + input.size() + " numbers");
      }
      for (Integer i : input) {
        if (i == null || i < 1) {
          throw ConfigException.invalid("input", "extents must be 1 or greater, found " + input);
        }
      }
      input = List.copyOf(input);
    }
    loss = loss == null ? Loss.SOFTMAX_CROSS_ENTROPY : loss;
    init = init == null ? Initializer.DEFAULT : init;
    l2 = Check.nonNegative("l2", l2 == null ? 0.0 : l2);
    if (!Double.isFinite(l2)) {
      throw ConfigException.invalid("l2", "must be finite, found " + l2);
    }
    l2Biases = l2Biases != null && l2Biases;
  }
}
