package org.obd.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link Model}s as JSON model files: architecture, parameters and mask.
 *
 * <p>The format (documented in full in the README, section "Model file format"):
 *
 * <pre>{@code
 * {
 *   "format": "obd-model",
 *   "version": 1,
 *   "input": [C, H, W],
 *   "layers": [
 *     {"type": "conv2d", "in": [C, H, W], "out": O, "kernel": [kh, kw], "stride": s,
 *      "activation": "tanh", "weight": [O][C][kh][kw] nested arrays, "bias": [O values]},
 *     {"type": "avgpool", "size": k, "activation": "identity"},
 *     {"type": "flatten"},
 *     {"type": "dense", "in": I, "out": O, "activation": "tanh",
 *      "weight": [O rows of I values], "bias": [O values]}
 *   ],
 *   "mask": {"deleted": [parameter indices]}
 * }
 * }</pre>
 *
 * <p>Only {@code layers} is required at the top level: {@code format} and {@code version}, when
 * present, must be {@value #FORMAT} and {@value #VERSION}; a missing {@code input} is taken from
 * the first layer's {@code in} (which must then be a dense or conv2d layer); a missing {@code mask}
 * deletes nothing. Within layers, {@code stride} defaults to 1 and an avgpool's {@code activation}
 * to {@code identity}; every other field shown is required, and unknown fields are errors.
 * Parameter indices in the mask follow {@link Network}'s order (layer by layer, weights row-major,
 * then biases).
 *
 * <p>Numbers are written in the shortest form that reads back to the same double, so a model
 * survives a write and a read bit for bit (negative zero included). Errors are
 * {@link IllegalArgumentException}s whose message names the file, the layer (index and type), the
 * field and what was expected, e.g. {@code model.json: layer 1 (dense): weight has 3 rows, expected
 * out = 4}.
 */
public final class ModelJson {

  /** The value of the top-level {@code format} field. */
  public static final String FORMAT = "obd-model";

  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  private ModelJson() {}

  /**
   * Reads a model file.
   *
   * @throws IOException if the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
   * @throws IllegalArgumentException if the content is not a valid model; the message starts with
   *     the file name
   */
  public static Model read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new ModelJsonReader(file.toString()).read(bytes);
  }

  /**
   * Parses a model from JSON text.
   *
   * @throws IllegalArgumentException if the text is not a valid model; the message starts with
   *     {@code model JSON:}
   */
  public static Model parse(String json) {
    return new ModelJsonReader("model JSON").read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON text of a model, ending with a newline. */
  public static String toJson(Model model) {
    return ModelJsonWriter.write(model);
  }

  /**
   * Writes a model file atomically: the JSON goes to a temporary file in the same directory, which
   * then replaces {@code file} in one move, so readers never see a half-written file.
   *
   * @throws IOException if the directory is not writable or the move fails (the temporary file is
   *     removed)
   */
  public static void write(Model model, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(model));
  }
}
