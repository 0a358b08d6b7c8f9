package org.obd.core;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.List;

/**
 * Writes the model-file JSON of {@link ModelJson}: one field per line, each dense weight row (and
 * each conv2d kernel) on one line. Doubles use Jackson's shortest round-trip form (Schubfach), so
 * the text is the same on every JDK and reads back bit for bit.
 */
final class ModelJsonWriter {

  private final StringBuilder sb = new StringBuilder();
  private final double[] theta;

  private ModelJsonWriter(double[] theta) {
    this.theta = theta;
  }

  static String write(Model model) {
    return new ModelJsonWriter(model.parameters()).model(model);
  }

  private String model(Model model) {
    Network net = model.network();
    sb.append("{\n");
    sb.append("  \"format\": \"").append(ModelJson.FORMAT).append("\",\n");
    sb.append("  \"version\": ").append(ModelJson.VERSION).append(",\n");
    sb.append("  \"input\": ").append(shape(net.inputShape())).append(",\n");
    sb.append("  \"layers\": [\n");
    List<Layer> layers = net.layers();
    for (int i = 0; i < layers.size(); i++) {
      layer(net, i);
      sb.append(i + 1 < layers.size() ? ",\n" : "\n");
    }
    sb.append("  ],\n");
    sb.append("  \"mask\": {\n    \"deleted\": [");
    int[] deleted = model.mask().deletedIndices();
    for (int j = 0; j < deleted.length; j++) {
      sb.append(j == 0 ? "" : ", ").append(deleted[j]);
    }
    sb.append("]\n  }\n}\n");
    return sb.toString();
  }

  private void layer(Network net, int i) {
    Layer l = net.layers().get(i);
    String in = "      ";
    sb.append("    {\n");
    sb.append(in).append("\"type\": \"").append(l.type()).append('"');
    if (l instanceof Dense d) {
      field(in, "in", Integer.toString(d.in()));
      field(in, "out", Integer.toString(d.out()));
    } else if (l instanceof Conv2d c) {
      field(in, "in", shape(c.inputShape()));
      field(in, "out", Integer.toString(c.outChannels()));
      field(in, "kernel", "[" + c.kernelHeight() + ", " + c.kernelWidth() + "]");
      field(in, "stride", Integer.toString(c.stride()));
    } else if (l instanceof AvgPool p) {
      field(in, "size", Integer.toString(p.size()));
    }
    if (!(l instanceof Flatten)) {
      field(in, "activation", "\"" + l.activation().configName() + "\"");
    }
    if (l.weightCount() > 0) {
      sb.append(",\n").append(in).append("\"weight\": ");
      // dense: one row per line; conv2d: one kernel [kh][kw] per line
      int inlineFrom = l.weightShape().length == 2 ? 1 : 2;
      tensor(net.weightOffset(i), l.weightShape(), 0, inlineFrom, in);
      sb.append(",\n").append(in).append("\"bias\": ");
      tensor(net.biasOffset(i), new int[] {l.biasCount()}, 0, 0, in);
    }
    sb.append("\n    }");
  }

  private void field(String indent, String name, String value) {
    sb.append(",\n").append(indent).append('"').append(name).append("\": ").append(value);
  }

  /**
   * Writes the tensor of extents {@code dims[depth..]} starting at {@code theta[offset]}; levels
   * below {@code inlineFrom} put each element on its own line.
   */
  private void tensor(int offset, int[] dims, int depth, int inlineFrom, String indent) {
    int stride = 1;
    for (int d = depth + 1; d < dims.length; d++) {
      stride *= dims[d];
    }
    boolean lines = depth < inlineFrom;
    String inner = indent + "  ";
    sb.append('[');
    for (int e = 0; e < dims[depth]; e++) {
      if (lines) {
        sb.append(e == 0 ? "\n" : ",\n").append(inner);
      } else if (e > 0) {
        sb.append(", ");
      }
      if (depth + 1 == dims.length) {
        sb.append(NumberOutput.toString(theta[offset + e], true));
      } else {
        tensor(offset + e * stride, dims, depth + 1, inlineFrom, inner);
      }
    }
    if (lines) {
      sb.append('\n').append(indent);
    }
    sb.append(']');
  }

  private static String shape(Shape s) {
    return "[" + s.channels() + ", " + s.height() + ", " + s.width() + "]";
  }
}
