package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Descriptor;
import org.obd.core.Mask;
import org.obd.core.NoOptions;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.OptimizerBinder;
import org.obd.train.optim.OptimizerState;
import org.obd.train.optim.StepObjective;

/** An optimizer registered by a plug-in module named in the config is used by its name. */
class PluginTest {

  /** Gradient descent with a fixed rate of 0.05; counts its steps. */
  static final class Steady implements Optimizer {
    static int steps;
    private double[] g;

    static final Descriptor<NoOptions, Optimizer> DESCRIPTOR =
        Descriptor.of("steady", "gradient descent at rate 0.05", "a test", NoOptions.INSTANCE,
            o -> new Steady());

    @Override
    public void initialise(int parameterCount) {
      g = new double[parameterCount];
    }

    @Override
    public double step(double[] theta, Mask mask, StepObjective objective) {
      double e = objective.valueAndGradient(theta, g);
      for (int k = 0; k < theta.length; k++) {
        theta[k] -= 0.05 * g[k];
      }
      steps++;
      return e;
    }

    @Override
    public void reset() {}

    @Override
    public OptimizerState state() {
      return new OptimizerState("steady", Map.of(), Map.of());
    }

    @Override
    public void restore(OptimizerState state) {
      state.requireOptimizer("steady");
    }
  }

  /** The plug-in: one registration line. */
  public static final class Module extends AbstractModule {
    @Override
    protected void configure() {
      OptimizerBinder.of(binder()).add(Steady.DESCRIPTOR);
    }
  }

  private static final String YAML =
      "name: p\nmodel:\n  layers: [{type: flatten}, {type: dense, out: 10}]\n"
          + "data: {limit: 200}\ntraining: {optimizer: {name: steady}, epochs: 2}\n"
          + "pruning: {strategies: [{name: magnitude}], max-steps: 1, retrain: without}\n";

  @Test
  void aPluginOptimizerIsNamedInTheConfig(@TempDir Path tmp) {
    Experiment e =
        Experiment.fromYaml(
            YAML + "plugins: [" + Module.class.getName() + "]\n", "p.yaml", List.of());
    assertTrue(e.registries().optimizers().contains("steady"));
    assertEquals(List.of("sgd", "sdlm", "adam", "lbfgs", "steady"),
        e.registries().optimizers().names());
    Steady.steps = 0;
    ExperimentResult r = e.run(tmp, ExperimentListener.NONE);
    assertEquals(2 * 4, Steady.steps, "two epochs of four minibatches of 32 (120 rows)");
    assertEquals(r.training().steps(), Steady.steps);
  }

  @Test
  void withoutThePluginTheNameIsUnknown() {
    IllegalArgumentException x =
        assertThrows(IllegalArgumentException.class,
            () -> Experiment.fromYaml(YAML, "p.yaml", List.of()));
    assertEquals(
        "p.yaml line 5, column 30: training.optimizer.name: unknown optimizer 'steady';"
            + " available: sgd, sdlm, adam, lbfgs",
        x.getMessage());
    x = assertThrows(IllegalArgumentException.class,
        () -> Experiment.fromYaml(YAML + "plugins: [org.example.Nope]\n", "p.yaml", List.of()));
    assertEquals(
        "p.yaml line 7, column 1: plugins: class 'org.example.Nope' was not found on the class"
            + " path",
        x.getMessage());
  }
}
