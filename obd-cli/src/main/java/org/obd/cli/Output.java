package org.obd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.obd.core.AtomicFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writing results: JSON text (one field per line, arrays on one line, doubles in their shortest
 * round-trip form) to stdout or to a file named by {@code --out}: a regular file is replaced
 * atomically, a link's target is replaced (the link stays), a FIFO or a device ({@code /dev/null},
 * {@code /dev/stdout}) is written to directly ({@link AtomicFiles}); an input file is never
 * overwritten ({@link #checkOut}).
 */
final class Output {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private static final ObjectWriter WRITER;

  static {
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator(""));
    pp.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
    WRITER = MAPPER.writer(pp);
  }

  private Output() {}

  /** A new JSON object whose fields keep their insertion order. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The JSON text of a tree, ending with a newline. */
  static String json(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /**
   * Checks, before anything is computed, that {@code --out} can be written without harm: its
   * directory exists, it is not a directory, and it is none of the command's input files (compared
   * with {@link Files#isSameFile}, so links and other spellings of the same file count).
   *
   * @param inputs the input files by option name, e.g. {@code --model}, {@code --data}
   */
  static void checkOut(CommandSpec spec, Path out, Map<String, Path> inputs) {
    if (out == null) {
      return;
    }
    for (Map.Entry<String, Path> in : inputs.entrySet()) {
      Path input = in.getValue();
      if (input != null && Files.exists(out) && Files.exists(input) && sameFile(out, input)) {
        throw Options.invalid(
            spec, "--out", out + " is the " + in.getKey() + " file " + input
                + "; writing the result there would destroy the input; choose another file");
      }
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw Errors.badInput("cannot write " + out + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(out)) {
      throw Errors.badInput("cannot write " + out + ": it is a directory");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code text} to {@code stdout} when {@code file} is null, otherwise to {@code file} by
   * {@link AtomicFiles#writeString}: regular files (also through links) atomically, FIFOs and
   * devices directly.
   */
  static void write(String text, Path file, PrintWriter stdout) {
    if (file == null) {
      stdout.print(text);
      stdout.flush();
      return;
    }
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw Errors.badInput("cannot write " + file + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(target)) {
      throw Errors.badInput("cannot write " + file + ": it is a directory");
    }
    try {
      AtomicFiles.writeString(target, text);
    } catch (IOException e) {
      // a place that cannot take files (no permission, a read-only or virtual file system) is
      // the user's choice of path: bad input; anything else failed while writing
      boolean place = e instanceof java.nio.file.NoSuchFileException
          || e instanceof java.nio.file.AccessDeniedException
          || (e instanceof java.nio.file.FileSystemException f && f.getReason() != null
              && f.getReason().contains("Read-only"));
      throw new Errors.CliException(place ? Errors.BAD_INPUT : Errors.FAILURE,
          "cannot write " + file + ": " + Errors.reason(e), e);
    }
  }
}
