package org.obd.spark;

import org.obd.cli.CurvatureCommand;
import org.obd.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code obd} commands that run on Apache Spark, started by the {@code ./obd} launcher for
 * {@code obd sweep …} and {@code obd curvature --master …} with obd-spark's jar and {@code lib/}
 * on the class path: {@code sweep} ({@link Sweep}) and {@code curvature} (obd-cli's command with
 * the data-parallel {@link SparkCurvature} behind {@code --master}). Errors are obd-cli's: one
 * line, exit status 2 for bad input.
 */
@Command(
    name = "obd",
    mixinStandardHelpOptions = true,
    description = "Prunes neural networks by saliency: the commands that run on Apache Spark.")
public final class SparkMain implements Runnable {

  @Spec CommandSpec spec;

  /** The top-level command; picocli fills in its options. */
  public SparkMain() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; expected one of "
        + String.join(", ", spec.commandLine().getSubcommands().keySet()));
  }

  /** The command line, with obd's error handling. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new SparkMain());
    cmd.addSubcommand("sweep", new SweepCommand());
    cmd.addSubcommand("curvature", new CurvatureCommand(new SparkCurvature()));
    cmd.addSubcommand("help", new HelpCommand());
    return Main.withErrors(cmd);
  }

  /** Runs {@code obd sweep …} or {@code obd curvature --master …} and exits with its status. */
  public static void main(String[] args) {
    System.exit(Main.execute(commandLine(), args));
  }
}
