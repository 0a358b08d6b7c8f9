package org.obd.cli;

import org.obd.core.Loss;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Validation of option values shared by the commands; failures are usage errors (exit 2). */
final class Options {

  private Options() {}

  /** A usage error naming the option and what is wrong with its value. */
  static ParameterException invalid(CommandSpec spec, String option, String message) {
    return new ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + message);
  }

  /**
   * Checks that {@code dir}, given by {@code option}, is a directory or nothing yet (to be made):
   * not a file, not a link to nothing.
   */
  static void directoryOrNothing(CommandSpec spec, String option, java.nio.file.Path dir) {
    if (java.nio.file.Files.isSymbolicLink(dir) && !java.nio.file.Files.exists(dir)) {
      throw invalid(spec, option,
          dir + " is a link to nothing, expected a directory (or a path that does not exist)");
    }
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      throw invalid(spec, option, dir + " is a file, expected a directory");
    }
  }

  /** The loss named by {@code --loss}. */
  static Loss loss(CommandSpec spec, String name) {
    try {
      return Loss.fromName(name);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, "--loss", e.getMessage());
    }
  }

  /** Checks {@code value >= min}. */
  static void atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw invalid(spec, option, "must be " + min + " or greater, found " + value);
    }
  }
}
