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
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writing results: JSON text (one field per line, arrays on one line, doubles in their shortest
 * round-trip form) to stdout or atomically to a file.
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
   * Writes {@code text} to {@code stdout} when {@code file} is null, otherwise atomically to
   * {@code file}: into a temporary file in the same directory, then moved over {@code file}.
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
      writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Errors.CliException(
          Errors.FAILURE, "cannot write " + file + ": " + Errors.reason(e), e);
    }
  }

  /** Writes a temporary sibling of {@code target}, forces it to disk and moves it into place. */
  static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp =
        target.resolveSibling(
            "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        out.write(content);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
