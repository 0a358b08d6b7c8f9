package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at random moments and started again until it finishes ends with the
 * same metrics and models, bit for bit, as an uninterrupted run, and leaves no temporary file.
 */
class KillResumeTest {

  private static Process start(Path yaml, Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), RunMain.class.getName(),
            yaml.toString(), dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
        .start();
  }

  private static JsonNode metricsWithoutTime(Path dir) throws IOException {
    JsonNode a = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    a.forEach(r -> ((ObjectNode) r).remove("seconds"));
    return a;
  }

  private static List<String> files(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
    }
    names.sort(null);
    return names;
  }

  @Test
  void aRunKilledAtRandomMomentsEndsWithTheSameNumbers(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path yaml = tmp.resolve("small.yaml");
    Files.writeString(
        yaml,
        ExperimentTest.SMALL
            .replace("limit: 400", "limit: 800")
            .replace("epochs: 4", "epochs: 8")
            .replace("target: 0.6", "target: 0.8"));
    Path whole = tmp.resolve("whole");
    Experiment.fromYaml(yaml, List.of()).run(whole, ExperimentListener.NONE);

    Path killed = tmp.resolve("killed");
    Files.createDirectories(killed);
    SplittableRandom random = new SplittableRandom(20261127L);
    int kills = 0;
    int exit = -1;
    for (int attempt = 0; attempt < 16; attempt++) {
      Process p = start(yaml, killed);
      long waitMs = attempt < 8 ? 500 + random.nextInt(1500) : 600_000;
      if (p.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
        exit = p.exitValue();
        break;
      }
      p.destroyForcibly();
      p.waitFor();
      kills++;
    }
    String log = Files.readString(tmp.resolve("killed.log"));
    assertEquals(0, exit, "the last run finishes: " + log);
    assertTrue(kills >= 3, "the run was killed " + kills + " times");
    assertEquals(metricsWithoutTime(whole), metricsWithoutTime(killed));
    assertEquals(files(whole), files(killed), "the same files, no temporary one left");
    for (String f : files(whole)) {
      if (f.endsWith(".json") && !f.equals("metrics.json") && !f.equals("checkpoint.json")
          && !f.equals(Provenance.FILE)) { // provenance: the start time differs
        assertEquals(Files.readString(whole.resolve(f)), Files.readString(killed.resolve(f)), f);
      }
    }
    assertEquals(
        Files.readString(whole.resolve("config.yaml")),
        Files.readString(killed.resolve("config.yaml")));
  }
}
