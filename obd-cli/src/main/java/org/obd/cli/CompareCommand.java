package org.obd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.obd.core.Registry;
import org.obd.saliency.Saliency;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentResult;
import org.obd.train.loop.Choice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd compare [EXPERIMENT.yaml] --saliency obd,magnitude,…}: runs an experiment with the
 * named strategies in place of its {@code pruning.strategies}, every one from the same trained
 * network and seed.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Compares saliency strategies, each pruning the same trained network.",
    description = {
      "Runs EXPERIMENT.yaml (default: the bundled examples/digits.yaml) with the strategies of"
          + " --saliency in place of its pruning.strategies: the network is trained once, then"
          + " each strategy prunes that same network, without and with retraining as"
          + " pruning.retrain says. A strategy's numbers do not depend on which others are"
          + " listed: each is seeded by its name and options.",
      "A strategy is NAME or NAME(KEY=VALUE KEY=VALUE), e.g. obd(hessian=exact); 'obd"
          + " strategies' lists them. The run directory, progress and summary are those of"
          + " 'obd run'."
    })
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ExperimentOptions experiment;

  @Option(
      names = "--saliency",
      required = true,
      paramLabel = "STRATEGY[,STRATEGY…]",
      description = "the strategies to compare, comma-separated (repeatable), e.g."
          + " obd,magnitude,random or obd(hessian=exact),obs")
  List<String> saliency;

  @Override
  public Integer call() {
    Experiment base = experiment.experiment();
    List<Choice> strategies = strategies(spec, saliency, base.registries().strategies());
    Experiment e = base.withStrategies(strategies);
    Path dir = Execution.directory(spec, e, experiment.out);
    ExperimentResult r = Execution.run(spec, e, dir, experiment.quiet);
    Execution.summary(r, Execution.plots(r), spec.commandLine().getOut());
    return 0;
  }

  /** Parses and checks the {@code --saliency} values against the registry. */
  static List<Choice> strategies(
      CommandSpec spec, List<String> values, Registry<Saliency> registry) {
    List<Choice> choices = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String value : values) {
      for (String item : split(spec, value)) {
        Choice c = choice(spec, item);
        if (!registry.contains(c.name())) {
          throw Options.invalid(spec, "--saliency", "unknown " + registry.kind() + " '"
              + c.name() + "'; available: " + String.join(", ", registry.names()));
        }
        try {
          registry.options(c.name(), c.options());
        } catch (IllegalArgumentException ex) {
          throw Options.invalid(spec, "--saliency", item + ": " + ex.getMessage());
        }
        if (seen.contains(c.toString())) {
          throw Options.invalid(spec, "--saliency", item + " is listed twice");
        }
        seen.add(c.toString());
        choices.add(c);
      }
    }
    return choices;
  }

  /** Splits at commas outside parentheses. */
  private static List<String> split(CommandSpec spec, String value) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      char ch = i < value.length() ? value.charAt(i) : ',';
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        String item = value.substring(start, i).strip();
        if (item.isEmpty()) {
          throw Options.invalid(spec, "--saliency",
              "'" + value + "' has an empty strategy name; expected NAME[,NAME…]");
        }
        items.add(item);
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw Options.invalid(spec, "--saliency", "'" + value + "' has unbalanced parentheses");
    }
    return items;
  }

  /** {@code NAME} or {@code NAME(KEY=VALUE …)}; values stay text, converted by the options record. */
  private static Choice choice(CommandSpec spec, String item) {
    int open = item.indexOf('(');
    if (open < 0) {
      return Choice.of(item);
    }
    if (!item.endsWith(")")) {
      throw Options.invalid(spec, "--saliency",
          "'" + item + "': expected NAME(KEY=VALUE KEY=VALUE)");
    }
    String name = item.substring(0, open).strip();
    Map<String, Object> options = new LinkedHashMap<>();
    String body = item.substring(open + 1, item.length() - 1).strip();
    if (!body.isEmpty()) {
      for (String pair : body.split("[\\s,]+")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw Options.invalid(spec, "--saliency",
              "'" + item + "': expected KEY=VALUE, found '" + pair + "'");
        }
        String key = pair.substring(0, eq);
        if (options.containsKey(key)) {
          throw Options.invalid(spec, "--saliency", "'" + item + "' gives " + key + " twice");
        }
        options.put(key, pair.substring(eq + 1));
      }
    }
    return new Choice(name, options);
  }
}
