package org.obd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code obd} in-process with stdout and stderr captured, for the command tests. */
final class Cli {

  private Cli() {}

  /** What one in-process run of {@code obd} printed and returned. */
  record Run(int code, String out, String err) {}

  /** Runs {@code obd args…}, capturing output in temporary files under {@code dir}. */
  static Run run(Path dir, String... args) throws IOException {
    Path outFile = Files.createTempFile(dir, "stdout", ".txt");
    Path errFile = Files.createTempFile(dir, "stderr", ".txt");
    int code;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(outFile));
        PrintWriter err = new PrintWriter(Files.newBufferedWriter(errFile))) {
      CommandLine cmd = Main.commandLine();
      cmd.setOut(out);
      cmd.setErr(err);
      code = Main.execute(cmd, args);
    }
    return new Run(
        code,
        Files.readString(outFile, StandardCharsets.UTF_8),
        Files.readString(errFile, StandardCharsets.UTF_8));
  }
}
