package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out} of {@code obd score} and {@code obd curvature}: what is replaced (a file, a link's
 * target), what is written into (a FIFO, a device), and what is refused (an input file).
 */
class OutTest {

  @TempDir Path dir;

  private Path model;
  private Path data;

  @BeforeEach
  void copyTheExample() throws IOException {
    model = Files.copy(Path.of("..", "examples", "xor-model.json"), dir.resolve("m.json"));
    data = Files.copy(Path.of("..", "examples", "xor.csv"), dir.resolve("d.csv"));
  }

  private String[] score(Path out) {
    return new String[] {
      "score", "--model", model.toString(), "--data", data.toString(), "--loss", "mse",
      "--saliency", "magnitude", "--out", out.toString()
    };
  }

  private String[] curvature(Path out) {
    return new String[] {
      "curvature", "--model", model.toString(), "--data", data.toString(), "--loss", "mse",
      "--method", "gradient", "--out", out.toString()
    };
  }

  /** What the command prints without --out. */
  private String stdout(String[] args) throws IOException {
    String[] without = java.util.Arrays.copyOf(args, args.length - 2);
    Cli.Run r = Cli.run(dir, without);
    assertEquals(0, r.code(), r.err());
    return r.out();
  }

  private Cli.Run ok(String[] args) throws IOException {
    Cli.Run r = Cli.run(dir, args);
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals("", r.out(), "with --out nothing goes to stdout");
    return r;
  }

  private void assertNoTemporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no .tmp-");
    }
  }

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  @Test
  void aRegularFileIsReplacedAtomically() throws IOException {
    Path out = Files.writeString(dir.resolve("scores.csv"), "old content\n");
    Object before = inode(out);
    ok(score(out));
    assertEquals(stdout(score(out)), Files.readString(out));
    assertNotEquals(before, inode(out), "a new file was moved over the old one");
    assertNoTemporaryFiles();
  }

  @Test
  void aLinksTargetIsReplacedAndTheLinkStays() throws IOException {
    Path target = Files.writeString(dir.resolve("real.json"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
    ok(curvature(link));
    assertTrue(Files.isSymbolicLink(link), "the link is still a link");
    assertEquals(Path.of("real.json"), Files.readSymbolicLink(link));
    assertEquals(stdout(curvature(link)), Files.readString(target));
    assertNoTemporaryFiles();
  }

  @Test
  void aFifoIsWrittenToDirectly() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("mkfifo is not installed, so no FIFO can be made: " + e.getMessage());
      return;
    }
    assertTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(fifo, StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    ok(score(fifo));
    assertEquals(stdout(score(fifo)), reader.get(30, TimeUnit.SECONDS));
    assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");
    assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class).isOther());
    assertNoTemporaryFiles();
  }

  @Test
  void aDeviceIsWrittenToDirectly() throws IOException {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null on this system");
    ok(curvature(devNull));
    ok(score(devNull));
    assertTrue(Files.readAttributes(devNull, BasicFileAttributes.class).isOther(), "a device");
  }

  @Test
  void anInputFileIsAUsageErrorNamingBoth() throws IOException {
    String modelText = Files.readString(model);
    String dataText = Files.readString(data);
    Cli.Run m = Cli.run(dir, curvature(model));
    assertEquals(2, m.code());
    assertEquals(
        "obd: Invalid value for option '--out': " + model + " is the --model file " + model
            + "; writing the result there would destroy the input; choose another file (see 'obd"
            + " curvature --help')\n",
        m.err());
    Path link = Files.createSymbolicLink(dir.resolve("data-link.csv"), data);
    Cli.Run d = Cli.run(dir, score(link));
    assertEquals(2, d.code());
    assertTrue(
        d.err().startsWith(
            "obd: Invalid value for option '--out': " + link + " is the --data file " + data
                + ";"),
        d.err());
    Cli.Run other = Cli.run(dir, score(Path.of(dir.toString(), ".", "m.json")));
    assertEquals(2, other.code(), "another spelling of the model's path");
    assertEquals(modelText, Files.readString(model), "the model is left as it was");
    assertEquals(dataText, Files.readString(data), "the data are left as they were");
  }
}
