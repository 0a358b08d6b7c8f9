package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.NoOptions;
import org.obd.core.Descriptor;

class RegistryTest {

  /** A module that registers a second strategy named {@code obd}. */
  public static final class DuplicateModule extends AbstractModule {
    @Override
    protected void configure() {
      SaliencyBinder.of(binder())
          .add(Descriptor.of("obd", "a clash", "nobody", NoOptions.INSTANCE,
              o -> new MagnitudeSaliency()));
    }
  }

  @Test
  void builtinsAreBoundByTheirDescriptorsNames() {
    Strategies s = Strategies.load(List.of());
    assertEquals(
        List.of("description-length", "magnitude", "obd", "obs", "random", "taylor"), s.names());
    for (Descriptor<?, Saliency> d : s.descriptors()) {
      assertEquals(d, s.descriptor(d.name()));
      assertEquals(d.defaults(), d.options(Map.of()), d.name() + " defaults round-trip");
    }
  }

  @Test
  void listingHasOneLinePerStrategy() {
    String listing = Strategies.load(List.of()).listing();
    List<String> lines = listing.lines().toList();
    assertEquals(6, lines.size());
    assertTrue(lines.get(2).startsWith("obd                 ½ h_kk w_k²"), lines.get(2));
  }

  @Test
  void duplicateNameIsAWiringError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategies.load(List.of(DuplicateModule.class.getName())));
    assertTrue(e.getMessage().startsWith("saliency plug-ins could not be wired: "), e.getMessage());
    assertTrue(e.getMessage().contains("obd"), e.getMessage());
  }

  @Test
  void badPluginNamesAreExplained() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Strategies.load(List.of("org.example.Nope")));
    assertEquals("plugins: class 'org.example.Nope' was not found on the class path", e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Strategies.load(List.of("java.lang.String")));
    assertEquals(
        "plugins: class 'java.lang.String' is not a Guice module (com.google.inject.Module)",
        e.getMessage());
  }

  @Test
  void theSameModuleNamedTwiceIsInstalledOnce() {
    Strategies s =
        Strategies.load(
            List.of(
                BuiltinStrategiesModule.class.getName(), BuiltinStrategiesModule.class.getName()));
    assertEquals(6, s.names().size());
  }

  @Test
  void descriptorsRejectMalformedDeclarations() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Descriptor.of("Bad_Name", "x", "y", NoOptions.INSTANCE, o -> null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Descriptor.of("ok", "two\nlines", "y", NoOptions.INSTANCE, o -> null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Descriptor.of("ok", "x", " ", NoOptions.INSTANCE, o -> null));
  }

  @Test
  void yamlConfigReadsNameOptionsAndPlugins() {
    SaliencyConfig c =
        SaliencyConfig.fromYaml(
            "name: obd\noptions:\n  hessian: exact\n  gradient-term: true\nplugins: [a.B]\n");
    assertEquals("obd", c.name());
    assertEquals(Map.of("hessian", "exact", "gradient-term", true), c.options());
    assertEquals(List.of("a.B"), c.plugins());
    ConfiguredStrategy s =
        Strategies.load(List.of()).create(SaliencyConfig.fromYaml("name: obd\noptions: {hessian: exact}"));
    assertEquals(new ObdSaliency.Options("exact", false, 16), s.options());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SaliencyConfig.fromYaml("nme: obd\n"));
    assertEquals(
        "saliency config: unknown key 'nme'; valid keys: name, options, plugins", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SaliencyConfig.fromYaml("options: {}\n"));
    assertEquals(
        "saliency config: 'name' is required (a strategy name, see obd strategies)",
        e.getMessage());
  }

  /** The docs' strategy table is generated from the descriptors; the README must carry it. */
  @Test
  void readmeCarriesTheGeneratedStrategyTable() throws IOException {
    String table = Strategies.load(List.of()).markdownTable();
    Path readme = Path.of("..", "README.md");
    assertTrue(
        Files.readString(readme, StandardCharsets.UTF_8).contains(table),
        "README.md must contain the table Strategies.markdownTable()"
            + " generates; regenerate it:\n" + table);
  }
}
