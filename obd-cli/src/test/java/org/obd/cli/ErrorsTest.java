package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How errors read: one line in plain words (unknown commands, repeated options, malformed files,
 * huge values cut short), the stack trace only with {@code --verbose}, and out of memory as one
 * line saying how to raise the heap.
 */
class ErrorsTest {

  @TempDir Path dir;

  private static final String MODEL = Path.of("..", "examples", "xor-model.json").toString();
  private static final String DATA = Path.of("..", "examples", "xor.csv").toString();
  private static final String COMMANDS =
      "run, compare, report, init, score, curvature, strategies, bench, version, help";

  private Cli.Run run(String... args) throws IOException {
    return Cli.run(dir, args);
  }

  /** Exit status {@code code}, nothing on stdout, exactly {@code obd: expected} on stderr. */
  private static void assertLine(Cli.Run r, int code, String expected) {
    assertEquals("", r.out());
    assertEquals("obd: " + expected + "\n", r.err());
    assertEquals(code, r.code(), r.err());
  }

  /** {@code obd score} on the XOR example with {@code more} options (replacing given ones). */
  private static String[] score(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("score", "--model", MODEL, "--data", DATA, "--loss", "mse"));
    for (int i = 0; i < more.length; i++) {
      int at = args.indexOf(more[i]);
      if (at > 0 && i + 1 < more.length && !more[i].equals("--option")) {
        args.set(at + 1, more[++i]);
      } else {
        args.add(more[i]);
      }
    }
    return args.toArray(String[]::new);
  }

  @Test
  void anUnknownCommandNamesTheCommands() throws IOException {
    assertLine(run("foo"), 2, "unknown command 'foo'; available: " + COMMANDS
        + " (see 'obd --help')");
    Cli.Run nested = run("--verbose", "curvatur", "--model", MODEL);
    assertEquals(2, nested.code());
    assertTrue(nested.err().startsWith("obd: unknown command 'curvatur'; available: " + COMMANDS
        + " (see 'obd --help')\n"), nested.err());
    assertLine(run("help", "scor"), 2, "unknown command 'scor'; available: " + COMMANDS
        + " (see 'obd --help')");
    assertLine(
        run(score("--saliency", "magnitude", "extra")), 2,
        "unexpected argument 'extra' (see 'obd score --help')");
  }

  @Test
  void aRepeatedOptionKeyIsAnErrorNamingIt() throws IOException {
    assertLine(
        run(score("--saliency", "obd", "--option", "hessian=exact", "--option", "probes=4",
            "--option", "hessian=ggn")),
        2,
        "Invalid value for option '--option': key 'hessian' is given twice (hessian=exact, then"
            + " hessian=ggn); give each key once (see 'obd score --help')");
    assertLine(
        run(score("--saliency", "obd", "--option", "hessian")), 2,
        "Invalid value for option '--option': expected KEY=VALUE, found 'hessian' (see 'obd score"
            + " --help')");
  }

  @Test
  void hugeValuesAreEchoedCutShort() throws IOException {
    String huge = "y".repeat(5_000_000);
    Cli.Run option = run(score("--saliency", "obd", "--option", "hessian=" + huge));
    assertLine(
        option, 2,
        "Invalid value for option '--option': saliency strategy 'obd': option 'hessian' must be"
            + " one of exact, ggn, becker-lecun, becker-lecun-full, hutchinson, fisher, found '"
            + "y".repeat(60) + "…' (see 'obd score --help')");
    Cli.Run seed = run(score("--saliency", "random", "--seed", huge));
    assertEquals(2, seed.code());
    assertTrue(seed.err().length() < 300, "picocli's echo cut short too: " + seed.err().length());
    assertTrue(seed.err().startsWith("obd: Invalid value for option '--seed': '" + "y".repeat(60)
        + "…'"), seed.err().substring(0, 100));
    Path csv = Files.writeString(dir.resolve("huge.csv"), "0,0,0\n0," + huge + ",1\n");
    assertLine(
        run(score("--saliency", "magnitude", "--data", csv.toString())), 2,
        csv + " line 2, column 2: value '" + "y".repeat(60) + "…' is not a number");
  }

  @Test
  void malformedFilesAreToldInPlainWords() throws IOException {
    String xor = Files.readString(Path.of(MODEL));
    Path cut = Files.writeString(dir.resolve("cut.json"), xor.substring(0, 88));
    assertLine(
        run(score("--saliency", "magnitude", "--model", cut.toString())), 2,
        cut + ": line 7, column 4: the file ends inside an object (opened at line 6, column 5)");
    Path trailing = Files.writeString(dir.resolve("trailing.json"), xor + "}\n");
    assertLine(
        run(score("--saliency", "magnitude", "--model", trailing.toString())), 2,
        trailing + ": line 34, column 1: unexpected text after the end of the JSON value");
    Path deep =
        Files.writeString(dir.resolve("deep.json"), "{\"layers\": " + "[".repeat(70) + "\n");
    assertLine(
        run(score("--saliency", "magnitude", "--model", deep.toString())), 2,
        deep + ": line 1, column 76: nested more than 64 levels (a model file needs at most 6)");
    Path mask =
        Files.writeString(dir.resolve("mask.json"), xor.replace("\"deleted\": [4]",
            "\"deleted\": [4.0]"));
    assertLine(
        run(score("--saliency", "magnitude", "--model", mask.toString())), 2,
        mask + ": mask.deleted[0] must be an integer (a parameter index in 0..16), found 4.0");
    byte[] gz;
    Path good = dir.resolve("good.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(good))) {
      out.write(Files.readAllBytes(Path.of(DATA)));
    }
    gz = Files.readAllBytes(good);
    Path header = Files.write(dir.resolve("header.csv.gz"), Arrays.copyOf(gz, 6));
    assertLine(
        run(score("--saliency", "magnitude", "--data", header.toString())), 2,
        header + ": corrupt gzip data: the file ends inside the compressed data (it is"
            + " truncated)");
  }

  @Test
  void verboseAddsTheStackTraceBeforeOrAfterTheCommand() throws IOException {
    String missing = dir.resolve("missing.json").toString();
    String line = "obd: model file " + missing + " does not exist\n";
    Cli.Run quiet = run(score("--saliency", "magnitude", "--model", missing));
    assertEquals(2, quiet.code());
    assertEquals(line, quiet.err(), "without --verbose: the line only");
    List<String[]> verbose = List.of(
        concat(new String[] {"--verbose"}, score("--saliency", "magnitude", "--model", missing)),
        score("--saliency", "magnitude", "--model", missing, "--verbose"));
    for (String[] args : verbose) {
      Cli.Run r = run(args);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith(line), r.err());
      String trace = r.err().substring(line.length());
      assertTrue(trace.startsWith("org.obd.cli.Errors$CliException: model file "), trace);
      assertTrue(trace.contains("\tat org.obd.cli."), trace);
      assertTrue(trace.contains("Caused by: java.nio.file.NoSuchFileException"), trace);
    }
    Cli.Run usage = run("--verbose", "foo");
    assertEquals(2, usage.code());
    assertTrue(usage.err().startsWith("obd: unknown command 'foo';"), usage.err());
    assertTrue(usage.err().contains("\tat picocli."), "usage errors too: " + usage.err());
    Cli.Run help = run("--help");
    assertTrue(help.out().contains("--verbose"), help.out());
  }

  @Test
  void outOfMemoryIsOneLineSayingHowToRaiseTheHeap() throws IOException {
    String[] args =
        score("--saliency", "out-of-memory", "--plugin", CliTestPlugin.class.getName());
    Cli.Run r = run(args);
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().matches(
            "obd: out of memory \\(Java heap space; the heap's limit is [0-9.]+ [GM]B\\); give Java a"
                + " larger heap, e.g. OBD_JAVA_OPTS=-Xmx[0-9]+g \\./obd score …\n"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    Cli.Run v = run(concat(args, new String[] {"--verbose"}));
    assertEquals(1, v.code());
    assertTrue(v.err().startsWith(r.err()), v.err());
    assertTrue(v.err().contains("java.lang.OutOfMemoryError: Java heap space\n\tat "), v.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
