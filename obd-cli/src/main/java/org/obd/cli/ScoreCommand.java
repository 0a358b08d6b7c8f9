package org.obd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.obd.core.Echo;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.NonFiniteException;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.SaliencyContext;
import org.obd.saliency.Strategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd score}: one saliency score per parameter of a model over a CSV data set, as CSV
 * {@code index,name,value,score}; deleted parameters have an empty score.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Scores every parameter of a model by a saliency strategy, as CSV.",
    description = {
      "Scores every parameter of a model by a saliency strategy (see 'obd strategies') over a"
          + " data set and writes CSV with the header index,name,value,score: one row per"
          + " parameter in the model file's order; lower scores are deleted first; deleted"
          + " parameters have value 0 and an empty score."
    })
final class ScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelDataOptions problem;

  @Option(
      names = "--saliency",
      required = true,
      paramLabel = "NAME",
      description = "the strategy, e.g. obd, magnitude, obs (all: 'obd strategies')")
  String saliency;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "an option of the strategy, e.g. hessian=exact (repeatable, each key once)")
  List<String> options = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "seed of the strategy's random choices (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--plugin",
      paramLabel = "CLASS",
      description = "a Guice module registering more strategies (repeatable)")
  List<String> plugins = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "F.csv",
      description = "write the CSV to this file (atomically) instead of stdout")
  Path out;

  @Override
  public Integer call() {
    Loss lossFunction = problem.validate();
    Output.checkOut(spec, out, problem.inputs());
    Strategies strategies = strategies(spec, plugins);
    ConfiguredStrategy strategy;
    try {
      strategies.descriptor(saliency);
    } catch (IllegalArgumentException e) {
      throw Options.invalid(spec, "--saliency", e.getMessage());
    }
    try {
      strategy = strategies.create(saliency, options(spec, options));
    } catch (IllegalArgumentException e) {
      throw Options.invalid(spec, "--option", e.getMessage());
    }

    ModelDataOptions.Loaded loaded = problem.load(lossFunction);
    Model m = loaded.model();
    double[] scores;
    try {
      scores = strategy.scores(SaliencyContext.of(m, loaded.objective(), loaded.data(), seed));
    } catch (NonFiniteException e) {
      throw problem.nonFinite(e);
    } catch (IllegalStateException e) {
      throw new Errors.CliException(Errors.FAILURE, e.getMessage(), e);
    }

    List<String> names = m.network().parameterNames();
    StringBuilder csv = new StringBuilder("index,name,value,score\n");
    for (int k = 0; k < names.size(); k++) {
      csv.append(k).append(',').append(names.get(k)).append(',').append(m.parameter(k))
          .append(',');
      if (!m.mask().isDeleted(k)) {
        csv.append(scores[k]); // finite: ConfiguredStrategy checks
      }
      csv.append('\n');
    }
    Output.write(csv.toString(), out, spec.commandLine().getOut());
    return 0;
  }

  /**
   * The {@code --option KEY=VALUE} values as an options block, in the order given; a value
   * without {@code =} or a key given twice is a usage error naming it (the last value does not
   * silently win).
   */
  static Map<String, String> options(CommandSpec spec, List<String> values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw Options.invalid(spec, "--option", "expected KEY=VALUE, found " + Echo.quote(v));
      }
      String key = v.substring(0, eq);
      String value = v.substring(eq + 1);
      String before = map.putIfAbsent(key, value);
      if (before != null) {
        throw Options.invalid(
            spec, "--option", "key " + Echo.quote(key) + " is given twice ("
                + Echo.abbreviate(key + "=" + before) + ", then " + Echo.abbreviate(v)
                + "); give each key once");
      }
    }
    return map;
  }

  /** The strategy registry with the class path's and the named plug-ins, or a usage error. */
  static Strategies strategies(CommandSpec spec, List<String> plugins) {
    try {
      return Strategies.load(plugins);
    } catch (IllegalArgumentException e) {
      throw Options.invalid(spec, "--plugin", e.getMessage());
    }
  }
}
