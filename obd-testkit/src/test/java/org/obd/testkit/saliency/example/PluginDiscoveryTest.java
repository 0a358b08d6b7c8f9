package org.obd.testkit.saliency.example;

import org.obd.testkit.Tolerances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.SaliencyConfig;
import org.obd.saliency.SaliencyContext;
import org.obd.saliency.Strategies;
import org.obd.testkit.saliency.ContractFixture;

/**
 * The worked example is found both ways a plug-in can be: named in a YAML {@code plugins:} list,
 * and through {@link java.util.ServiceLoader}. The service file lives under
 * {@code serviceloader-example/META-INF/services/} in the test resources and is put on the class
 * path by a class loader in {@link #serviceLoaderFindsTheExample}, so the YAML test proves the
 * {@code plugins:} route alone (a plug-in jar puts it at the root {@code META-INF/services/}).
 */
class PluginDiscoveryTest {

  private static final String YAML =
      "name: weight-curvature\n"
          + "options:\n"
          + "  hessian: exact\n"
          + "plugins:\n"
          + "  - org.obd.testkit.saliency.example.ExamplePluginModule\n";

  private static void assertScoresAreTheMeasure(ConfiguredStrategy s) {
    ContractFixture f = ContractFixture.all().get(0);
    SaliencyContext c = f.context();
    double[] scores = s.scores(c);
    double[] h = c.curvature().diagonal("exact");
    for (int k = 0; k < scores.length; k++) {
      double expected = Math.abs(f.model().parameter(k)) * Math.sqrt(Math.max(h[k], 0));
      new Tolerances(0, 1e-15).assertClose("score " + k, expected, scores[k]);
    }
  }

  @Test
  void yamlPluginsListFindsTheExample() {
    SaliencyConfig config = SaliencyConfig.fromYaml(YAML);
    Strategies strategies = Strategies.load(config.plugins());
    assertTrue(strategies.names().contains("weight-curvature"));
    ConfiguredStrategy s = strategies.create(config);
    assertEquals(new WeightCurvatureSaliency.Options("exact"), s.options());
    assertScoresAreTheMeasure(s);
    assertTrue(
        strategies.listing().lines()
            .anyMatch(l -> l.startsWith("weight-curvature ")
                && l.endsWith(WeightCurvatureSaliency.DESCRIPTOR.summary())),
        strategies.listing());
  }

  @Test
  void withoutThePluginTheNameIsUnknownAndTheAvailableOnesAreListed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategies.load(List.of()).create("weight-curvature", Map.of()));
    assertEquals(
        "unknown saliency strategy 'weight-curvature'; available: description-length, magnitude,"
            + " obd, obs, random, taylor",
        e.getMessage());
  }

  @Test
  void serviceLoaderFindsTheExample() throws IOException {
    URL root = getClass().getResource("/serviceloader-example/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, getClass().getClassLoader())) {
      Strategies strategies = Strategies.load(List.of(), loader);
      assertTrue(strategies.names().contains("weight-curvature"), strategies.names().toString());
      assertScoresAreTheMeasure(strategies.create("weight-curvature", Map.of()));
      Strategies both =
          Strategies.load(SaliencyConfig.fromYaml(YAML).plugins(), loader);
      assertEquals(7, both.names().size(), "found both ways, installed once");
    }
    assertFalse(Strategies.load(List.of()).names().contains("weight-curvature"));
  }

  @Test
  void anUnknownOptionOfAPluginNamesItsKeys() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategies.load(List.of(ExamplePluginModule.class.getName()))
                .create("weight-curvature", Map.of("hesian", "exact")));
    assertEquals(
        "saliency strategy 'weight-curvature': unknown option 'hesian'; valid options: hessian",
        e.getMessage());
  }
}
