package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped example config loads, and every built-in strategy has one. */
class ExampleConfigsTest {

  @Test
  void everyExampleLoadsAndEveryBuiltinHasOne() throws IOException {
    Path dir = Path.of("..", "docs", "examples", "saliency");
    Strategies strategies = Strategies.load(List.of());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path p : files) {
      SaliencyConfig c = SaliencyConfig.fromYaml(Files.readString(p, StandardCharsets.UTF_8));
      assertEquals(p.getFileName().toString(), c.name() + ".yaml", "file named after its strategy");
      strategies.create(c);
    }
    assertEquals(
        strategies.names(),
        files.stream().map(p -> p.getFileName().toString().replace(".yaml", "")).toList());
  }
}
