package org.obd.train.experiment;

import java.util.List;
import org.obd.core.Activation;
import org.obd.train.config.Check;
import org.obd.train.config.ConfigException;
import org.obd.train.config.Doc;

/**
 * One layer of an experiment's network, as in the model file format: {@code dense} ({@code out},
 * {@code activation}), {@code conv2d} ({@code out} channels, square {@code kernel}, {@code
 * stride}, {@code activation}; shared kernels, valid padding), {@code avgpool} ({@code size},
 * {@code activation}) or {@code flatten}. A key that does not apply to the type is an error.
 *
 * @param type {@code dense}, {@code conv2d}, {@code avgpool} or {@code flatten}
 * @param out units ({@code dense}) or output channels ({@code conv2d})
 * @param kernel the side of the square kernel ({@code conv2d})
 * @param stride the step between kernel positions ({@code conv2d}; 1 when unset)
 * @param size the side of the pooling window ({@code avgpool})
 * @param activation applied to the layer's sums ({@code identity} when unset)
 */
public record LayerConfig(
    @Doc(value = "`dense`, `conv2d`, `avgpool` or `flatten`", example = "flatten") String type,
    @Doc("units (`dense`) or output channels (`conv2d`)") Integer out,
    @Doc("side of the square kernel (`conv2d`)") Integer kernel,
    @Doc("step between kernel positions (`conv2d`; 1 when unset)") Integer stride,
    @Doc("side of the pooling window (`avgpool`)") Integer size,
    @Doc("`identity`, `tanh`, `scaled-tanh`, `sigmoid` or `relu`") Activation activation) {

  /** The layer types. */
  public static final List<String> TYPES = List.of("dense", "conv2d", "avgpool", "flatten");

  /** Checks the keys against the type, naming them. */
  public LayerConfig {
    Check.oneOf("type", Check.required("type", type), TYPES);
    Check.positive("out", out);
    Check.positive("kernel", kernel);
    Check.positive("stride", stride);
    Check.positive("size", size);
    switch (type) {
      case "dense" -> {
        Check.required("out", out);
        only(type, "kernel", kernel, "stride", stride, "size", size);
      }
      case "conv2d" -> {
        Check.required("out", out);
        Check.required("kernel", kernel);
        only(type, "size", size);
        stride = stride == null ? 1 : stride;
      }
      case "avgpool" -> {
        Check.required("size", size);
        only(type, "out", out, "kernel", kernel, "stride", stride);
      }
      default -> only(type, "out", out, "kernel", kernel, "stride", stride, "size", size,
          "activation", activation == Activation.IDENTITY ? null : activation);
    }
    activation = activation == null ? Activation.IDENTITY : activation;
  }

  /** Fails on the first key, of the (key, value) pairs, that is set although the type takes none. */
  private static void only(String type, Object... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        throw ConfigException.invalid(
            (String) pairs[i], "does not apply to a " + type + " layer (it takes "
                + switch (type) {
                  case "dense" -> "out, activation";
                  case "conv2d" -> "out, kernel, stride, activation";
                  case "avgpool" -> "size, activation";
                  default -> "no other key";
                }
                + ")");
      }
    }
  }
}
