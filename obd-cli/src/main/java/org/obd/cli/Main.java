package org.obd.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code obd} command line: the top-level command, whose subcommands do the work.
 *
 * <p>Errors are one line on stderr ({@code obd: <message>}) and an exit status of 1 (failure while
 * computing or writing, running out of memory) or 2 (bad input or usage); with {@code --verbose}
 * (before or after the command) the stack trace follows the line. See {@link #execute}.
 */
@Command(
    name = "obd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prunes neural networks by saliency: Optimal Brain Damage and its family.",
      "'obd sweep GRID.yaml' (a grid of experiments) and 'obd curvature --master URL'"
          + " (data-parallel) run on Apache Spark: the ./obd launcher starts obd-spark for them."
    },
    subcommands = {
      RunCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      InitCommand.class,
      ScoreCommand.class,
      CurvatureCommand.class,
      StrategiesCommand.class,
      BenchCommand.class,
      VersionCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:failure while computing or writing results",
      "2:bad input or usage (files, values, options; a model whose objective, derivatives or"
          + " scores overflow)"
    })
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  /** {@code --verbose}: a global option, also accepted after the command's name. */
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "on an error, print its stack trace after the one-line message")
  boolean verbose;

  /** The top-level command; picocli fills in its options. */
  public Main() {}

  /** Without a subcommand there is nothing to do: a usage error naming the commands. */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command; expected one of "
            + String.join(", ", spec.commandLine().getSubcommands().keySet()));
  }

  /** Runs {@code obd} with the given arguments and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(commandLine(), args));
  }

  /**
   * Runs {@code cmd} on {@code args} and returns the exit status. Running out of memory, which
   * picocli does not catch, is one line saying how to give Java a larger heap ({@link
   * Errors#outOfMemory}) and status 1.
   */
  public static int execute(CommandLine cmd, String[] args) {
    try {
      return cmd.execute(args);
    } catch (OutOfMemoryError e) {
      return Errors.outOfMemory(cmd, args, e);
    }
  }

  /**
   * The command line with obd's error handling: one line on stderr per error, stack traces only
   * with {@code --verbose}. Tests call this, replace stdout and stderr with {@link
   * CommandLine#setOut} and {@link CommandLine#setErr}, and run it with {@link #execute}.
   */
  static CommandLine commandLine() {
    return withErrors(new CommandLine(new Main()));
  }

  /**
   * A failure while computing or writing results (exit status 1) whose message is ready for the
   * user: printed as {@code obd: <message>} without the "internal error" prefix, for commands
   * outside this module.
   */
  public static RuntimeException failure(String message, Throwable cause) {
    return new Errors.CliException(Errors.FAILURE, message, cause);
  }

  /**
   * {@code cmd} (and the subcommands it has so far) with obd's output streams and error handling:
   * one line {@code obd: <message>} on stderr per error, exit status 2 for bad input and usage
   * ({@link IllegalArgumentException}s included) and 1 for failures, stack traces only with
   * {@code --verbose}. For commands outside this module that share the {@code obd} command line
   * (obd-spark's {@code sweep} and data-parallel {@code curvature}).
   */
  public static CommandLine withErrors(CommandLine cmd) {
    Errors errors = new Errors();
    Charset cs = Charset.defaultCharset();
    cmd.setOut(new PrintWriter(System.out, true, cs));
    cmd.setErr(new PrintWriter(System.err, true, cs));
    cmd.setParameterExceptionHandler(errors);
    cmd.setExecutionExceptionHandler(errors);
    return cmd;
  }
}
