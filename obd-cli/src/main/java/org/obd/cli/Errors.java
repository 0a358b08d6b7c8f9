package org.obd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.obd.core.Echo;
import org.obd.core.NonFiniteException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * obd's error reporting: every error is ONE line {@code obd: <message>} on stderr and an exit
 * status — {@link #BAD_INPUT} for usage errors and input that is missing or invalid, {@link
 * #FAILURE} for anything else. Stack traces follow the line only with {@code --verbose}.
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

  private static final Pattern UNKNOWN_SUBCOMMAND = Pattern.compile("Unknown subcommand '(.*)'\\.?");

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String message = oneLine(ex.getMessage());
    Matcher help = UNKNOWN_SUBCOMMAND.matcher(message);
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (!first.startsWith("-")) {
        message =
            cmd.getSubcommands().isEmpty()
                ? "unexpected argument " + Echo.quote(first)
                : unknownCommand(cmd, first);
      }
    } else if (help.matches()) {
      // 'obd help NAME' with a NAME that is no command
      while (cmd.getParent() != null) {
        cmd = cmd.getParent();
      }
      message = unknownCommand(cmd, help.group(1));
    }
    print(
        cmd.getErr(),
        message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    trace(cmd.getErr(), args, ex);
    return BAD_INPUT;
  }

  /** {@code unknown command 'foo'; available: run, curvature, …}. */
  private static String unknownCommand(CommandLine cmd, String name) {
    return "unknown command " + Echo.quote(name) + "; available: "
        + String.join(", ", cmd.getSubcommands().keySet())
        + (name.equals("sweep") && !cmd.getSubcommands().containsKey(name)
            ? " ('obd sweep' runs on Apache Spark: start it with the ./obd launcher, which runs"
                + " obd-spark)"
            : "");
  }

  /**
   * Out of memory: one line saying how to give Java a larger heap through the launcher ({@code
   * OBD_JAVA_OPTS=-Xmx8g ./obd …}), the stack trace with {@code --verbose}; returns {@link
   * #FAILURE}.
   */
  static int outOfMemory(CommandLine cmd, String[] args, OutOfMemoryError e) {
    long max = Runtime.getRuntime().maxMemory();
    long gib = Math.max(8, 2 * ((max + (1L << 30) - 1) >> 30));
    String command = "";
    for (String a : args) {
      if (cmd.getSubcommands().containsKey(a)) {
        command = a + " ";
        break;
      }
    }
    String limit =
        max == Long.MAX_VALUE
            ? ""
            : max < (1L << 30)
                ? "; the heap's limit is " + (max >> 20) + " MB"
                : String.format(
                    Locale.ROOT, "; the heap's limit is %.1f GB", max / (double) (1L << 30));
    print(
        cmd.getErr(),
        "out of memory (" + (e.getMessage() == null ? "Java heap" : e.getMessage()) + limit
            + "); give Java a larger heap, e.g. OBD_JAVA_OPTS=-Xmx" + gib + "g ./obd " + command
            + "…");
    trace(cmd.getErr(), args, e);
    return FAILURE;
  }

  /** Whether {@code --verbose} is among the arguments (before {@code --}). */
  static boolean verbose(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** With {@code --verbose}: the stack trace of {@code e}, after the one-line message. */
  private static void trace(PrintWriter err, String[] args, Throwable e) {
    if (verbose(args)) {
      e.printStackTrace(err);
      err.flush();
    }
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
    trace(cmd.getErr(), parseResult.originalArgs().toArray(String[]::new), ex);
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

  /** Messages longer than this have their long words abbreviated ({@link #print}). */
  static final int LONG_MESSAGE = 1000;

  /**
   * Prints {@code obd: message}. A message over {@value #LONG_MESSAGE} characters (a value echoed
   * whole by code that does not abbreviate it, e.g. picocli's) has every word over 100 characters
   * (quotes aside) cut to its first {@link Echo#MAX} and {@code …}.
   */
  private static void print(PrintWriter err, String message) {
    if (message.length() > LONG_MESSAGE) {
      Matcher m = Pattern.compile("[^\\s'\"]{101,}").matcher(message);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(Echo.abbreviate(m.group())));
      }
      m.appendTail(sb);
      message = sb.toString();
    }
    err.println("obd: " + message);
    err.flush();
  }

  /** Joins the lines of a message into one. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
