package org.obd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.obd.saliency.Strategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd strategies}: every saliency strategy with its one-line summary — the built-ins, the
 * plug-ins found on the class path by {@link java.util.ServiceLoader}, and the modules named with
 * {@code --plugin}.
 */
@Command(
    name = "strategies",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Lists the saliency strategies, plug-ins included, one per line.",
    description = {
      "Lists every saliency strategy by config name with a one-line summary: the built-ins, the"
          + " plug-ins on the class path (META-INF/services/org.obd.saliency.Plugin), and"
          + " the Guice modules named with --plugin."
    })
final class StrategiesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--plugin",
      paramLabel = "CLASS",
      description = "a Guice module registering more strategies (repeatable), as in a config's"
          + " plugins: list")
  List<String> plugins = new ArrayList<>();

  @Override
  public Integer call() {
    Strategies strategies = ScoreCommand.strategies(spec, plugins);
    spec.commandLine().getOut().print(strategies.listing());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
