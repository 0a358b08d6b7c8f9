package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example outputs of {@code obd curvature}, {@code obd score} and {@code obd
 * strategies} are what the commands print, whole: every {@code sh} block holding one {@code ./obd}
 * command of these, followed by a code block, is run and compared character for character (these
 * outputs hold no timings; {@code obd run}'s and {@code obd bench}'s are not compared).
 */
class ReadmeExamplesTest {

  private static final Set<String> COMPARED = Set.of("curvature", "score", "strategies");

  @TempDir Path dir;

  /** A fenced code block: its info string and its text (lines ending with newlines). */
  record Block(String info, String text, int line) {}

  static List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String info = lines.get(i).substring(3).strip();
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(info, text.toString(), start));
      }
    }
    return blocks;
  }

  /** The one {@code ./obd} command of a shell block (continuation lines joined), or null. */
  static String command(Block b) {
    if (!b.info().equals("sh")) {
      return null;
    }
    String joined = b.text().replaceAll("\\s*\\\\\\n\\s*", " ").strip();
    return joined.startsWith("./obd ") && !joined.contains("\n") ? joined : null;
  }

  @Test
  void theExampleOutputsAreWhatTheCommandsPrint() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    List<Block> blocks = blocks(readme);
    Set<String> compared = new TreeSet<>();
    for (int i = 0; i + 1 < blocks.size(); i++) {
      String command = command(blocks.get(i));
      if (command == null) {
        continue;
      }
      String[] args = command.substring("./obd ".length()).split("\\s+");
      Block shown = blocks.get(i + 1);
      if (!COMPARED.contains(args[0]) || command(shown) != null) {
        continue;
      }
      for (int a = 0; a < args.length; a++) {
        if (args[a].startsWith("examples/")) {
          args[a] = "../" + args[a];
        }
      }
      Cli.Run run = Cli.run(dir, args);
      assertEquals("", run.err(), command);
      assertEquals(0, run.code(), command);
      assertEquals(
          shown.text(), run.out().replace("../examples/", "examples/"),
          "README.md line " + shown.line() + " shows the output of: " + command);
      compared.add(args[0]);
    }
    assertEquals(COMPARED, compared, "README.md shows an example output of each command");
  }

  @Test
  void blocksAndCommandsAreFound() {
    List<Block> b =
        blocks("text\n```sh\n./obd score --a x \\\n    --b y\n```\n\n```csv\n1,2\n```\n");
    assertEquals(2, b.size());
    assertEquals("./obd score --a x --b y", command(b.get(0)));
    assertEquals("1,2\n", b.get(1).text());
    assertTrue(command(b.get(1)) == null);
  }
}
