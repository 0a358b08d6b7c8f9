package org.obd.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drawing needs no display: a child JVM started without {@code java.awt.headless} and with a
 * {@code DISPLAY} that names no X server (where AWT, left to itself, fails with "Can't connect to
 * X11 window server") draws and writes a plot.
 */
class HeadlessTest {

  @TempDir Path dir;

  /**
   * Draws one plot of a hand-made run into {@code args[0]}; prints the property, whether AWT is
   * headless and the number of files written.
   */
  public static void main(String[] args) throws IOException {
    List<Path> files =
        Plots.write(Path.of(args[0]), List.of(Plots.objective(Runs.records(), false)));
    System.out.println(System.getProperty("java.awt.headless") + " "
        + java.awt.GraphicsEnvironment.isHeadless() + " " + files.size());
  }

  @Test
  void aChildJvmWithAnUnreachableDisplayDrawsHeadless() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
        HeadlessTest.class.getName(), dir.toString());
    pb.environment().put("DISPLAY", ":99");
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    String out = Files.readString(dir.resolve("out.txt"));
    assertEquals(0, p.exitValue(), out);
    assertEquals("true true 2", out.strip());
    assertTrue(Files.size(dir.resolve(Plots.OBJECTIVE_WITHOUT_RETRAINING + ".png")) > 0);
    assertTrue(new File(dir.toFile(), Plots.OBJECTIVE_WITHOUT_RETRAINING + ".svg").length() > 0);
  }
}
