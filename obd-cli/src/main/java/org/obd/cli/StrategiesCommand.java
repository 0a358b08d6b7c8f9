package org.obd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.obd.core.Registry;
import org.obd.train.experiment.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd strategies}: every saliency strategy, Hessian-diagonal method and optimizer with its
 * one-line summary — the built-ins, the plug-ins found on the class path by {@link
 * java.util.ServiceLoader}, and the modules named with {@code --plugin}.
 */
@Command(
    name = "strategies",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Lists the saliency strategies, Hessian-diagonal methods and optimizers.",
    description = {
      "Lists by config name, with a one-line summary, every saliency strategy (the names of"
          + " pruning.strategies and --saliency), every Hessian-diagonal method (a strategy's"
          + " hessian option, pruning.diagnostic-hessian) and every optimizer"
          + " (training.optimizer.name): the built-ins, the plug-ins on the class path"
          + " (META-INF/services/org.obd.saliency.Plugin), and the Guice modules named with"
          + " --plugin."
    })
final class StrategiesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--plugin",
      paramLabel = "CLASS",
      description = "a Guice module registering more strategies, curvature methods or optimizers"
          + " (repeatable), as in a config's plugins: list")
  List<String> plugins = new ArrayList<>();

  @Override
  public Integer call() {
    Registries r;
    try {
      r = Registries.load(plugins);
    } catch (IllegalArgumentException e) {
      throw Options.invalid(spec, "--plugin", e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    section(out, "saliency strategies (pruning.strategies[].name, compare --saliency):",
        r.strategies());
    out.println();
    section(out, "Hessian-diagonal methods (a strategy's hessian option,"
        + " pruning.diagnostic-hessian):", r.curvature());
    out.println();
    section(out, "optimizers (training.optimizer.name):", r.optimizers());
    out.flush();
    return 0;
  }

  private static void section(PrintWriter out, String heading, Registry<?> registry) {
    out.println(heading);
    registry.listing().lines().forEach(l -> out.println("  " + l));
  }
}
