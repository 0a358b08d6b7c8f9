package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsMappingTest {

  private final Strategies strategies = Strategies.load(List.of());

  @Test
  void missingKeysTakeDefaultsAndKebabKeysMap() {
    ObdSaliency.Options o =
        ObdSaliency.DESCRIPTOR.options(Map.of("gradient-term", true, "hessian", "exact"));
    assertEquals(new ObdSaliency.Options("exact", true, 16), o);
    assertEquals(ObdSaliency.DESCRIPTOR.defaults(), ObdSaliency.DESCRIPTOR.options(Map.of()));
    assertEquals(List.of("hessian", "gradient-term", "probes"), ObdSaliency.DESCRIPTOR.optionKeys());
  }

  @Test
  void commandLineStringsAreConverted() {
    ObsSaliency.Options o =
        ObsSaliency.DESCRIPTOR.options(Map.of("damping", "1e-3", "max-parameters", "50"));
    assertEquals(new ObsSaliency.Options("exact", 1e-3, 50), o);
    assertEquals(
        new ObdSaliency.Options("becker-lecun", true, 16),
        ObdSaliency.DESCRIPTOR.options(Map.of("gradient-term", "true")));
  }

  @Test
  void unknownKeyNamesStrategyKeyAndValidKeys() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> strategies.create("obd", Map.of("gradient_term", true)));
    assertEquals(
        "saliency strategy 'obd': unknown option 'gradient_term'; valid options: hessian, gradient-term,"
            + " probes",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> strategies.create("magnitude", Map.of("x", 1)));
    assertEquals("saliency strategy 'magnitude': unknown option 'x'; it takes no options", e.getMessage());
  }

  @Test
  void illTypedValueNamesKeyAndExpectedType() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> strategies.create("obd", Map.of("gradient-term", "yes")));
    assertEquals(
        "saliency strategy 'obd': option 'gradient-term' must be a boolean (true or false), found 'yes'",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> strategies.create("obs", Map.of("max-parameters", 2.5)));
    assertEquals(
        "saliency strategy 'obs': option 'max-parameters' must be an integer, found 2.5 (double)",
        e.getMessage());
    Map<String, Object> nul = new LinkedHashMap<>();
    nul.put("damping", null);
    e = assertThrows(IllegalArgumentException.class, () -> strategies.create("obs", nul));
    assertEquals(
        "saliency strategy 'obs': option 'damping' must be a number, found nothing (null)", e.getMessage());
  }

  @Test
  void invalidValueIsRejectedWhenOptionsAreRead() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> strategies.create("obd", Map.of("hessian", "exakt")));
    assertEquals(
        "saliency strategy 'obd': option 'hessian' must be one of exact, ggn, becker-lecun,"
            + " becker-lecun-full, hutchinson, fisher, found 'exakt'",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> strategies.create("obs", Map.of("damping", -1)));
    assertEquals(
        "saliency strategy 'obs': option 'damping' must be a finite number 0 or greater, found -1.0",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> strategies.create("obs", Map.of("hessian", "becker-lecun")));
    assertTrue(e.getMessage().contains("exact, gauss-newton"), e.getMessage());
  }

  @Test
  void unknownStrategyListsTheAvailableOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> strategies.create("obx", Map.of()));
    assertEquals(
        "unknown saliency strategy 'obx'; available: description-length, magnitude, obd, obs,"
            + " random, taylor",
        e.getMessage());
  }

  @Test
  void configuredStrategyCarriesItsOptions() {
    ConfiguredStrategy s = strategies.create("random", Map.of("seed", 5));
    assertEquals(new RandomSaliency.Options(5L), s.options());
    assertEquals("random{seed=5}", s.toString());
  }
}
