package org.obd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.obd.core.NonFiniteException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * obd's error reporting: every error is ONE line {@code obd: <message>} on stderr and an exit
 * status — {@link #BAD_INPUT} for usage errors and input that is missing or invalid, {@link
 * #FAILURE} for anything else. Stack traces are never printed.
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {

  /** Exit status of a failure while computing or writing results. */
  static final int FAILURE = 1;

  /** Exit status of bad input or usage. */
  static final int BAD_INPUT = 2;

  /** An error whose message is ready for the user, with its exit status. */
  static final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message, Throwable cause) {
      super(message, cause);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  /** A {@link #BAD_INPUT} error. */
  static CliException badInput(String message) {
    return new CliException(BAD_INPUT, message, null);
  }

  /** A {@link #BAD_INPUT} error for an input file that cannot be read, naming its role. */
  static CliException unreadable(String role, Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new CliException(BAD_INPUT, role + " " + file + " does not exist", e);
    }
    return new CliException(BAD_INPUT, "cannot read " + role + " " + file + ": " + reason(e), e);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    print(
        cmd.getErr(),
        oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    return BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    int code;
    String message;
    if (e instanceof CliException c) {
      code = c.exitCode();
      message = c.getMessage();
    } else if (e instanceof NonFiniteException) {
      code = BAD_INPUT; // the parameters or the data make the network overflow
      message = e.getMessage();
    } else if (e instanceof IllegalArgumentException) {
      code = BAD_INPUT;
      message = e.getMessage();
    } else if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
      code = BAD_INPUT;
      message = describe((IOException) e);
    } else if (e instanceof IOException io) {
      code = FAILURE;
      message = "I/O error: " + describe(io);
    } else {
      code = FAILURE;
      message = "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
    }
    print(cmd.getErr(), oneLine(message));
    return code;
  }

  /** {@code <file>: <reason>} for file-system errors, the message otherwise. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile() + ": " + reason(e);
    }
    return reason(e);
  }

  /** Why an I/O operation failed, without the file name. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason() == null ? "cannot access" : f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void print(PrintWriter err, String message) {
    err.println("obd: " + message);
    err.flush();
  }

  /** Joins the lines of a message into one. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
