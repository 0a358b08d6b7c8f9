package org.obd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code obd init [FILE]}: writes a commented example experiment to start from. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Writes a commented example experiment file to start from.",
    description = {
      "Writes FILE (default: experiment.yaml; '-' for stdout): a complete experiment on the"
          + " bundled digits, every block commented, that 'obd run FILE' runs as it is. An"
          + " existing file is kept unless --force is given."
    })
final class InitCommand implements Callable<Integer> {

  /** The template's class-path resource. */
  static final String TEMPLATE = "init.yaml";

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      defaultValue = "experiment.yaml",
      description = "where to write (default: ${DEFAULT-VALUE}; '-' for stdout)")
  String file;

  @Option(names = "--force", description = "replace FILE when it exists")
  boolean force;

  @Override
  public Integer call() {
    String text = template();
    if (file.equals("-")) {
      Output.write(text, null, spec.commandLine().getOut());
      return 0;
    }
    Path target = Path.of(file);
    // a FIFO or a device (/dev/stdout) is written to; a file or a link is kept without --force
    boolean special = Files.exists(target) && !Files.isRegularFile(target)
        && !Files.isDirectory(target);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !special && !force) {
      throw Errors.badInput(file + " exists; give --force to replace it, or another FILE");
    }
    Output.write(text, target, spec.commandLine().getOut());
    if (!special) {
      spec.commandLine().getErr().println("wrote " + file + "; run it with: obd run " + file);
    }
    spec.commandLine().getErr().flush();
    return 0;
  }

  /** The commented example experiment. */
  static String template() {
    try (InputStream in = InitCommand.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the resource org/obd/cli/" + TEMPLATE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the resource org/obd/cli/" + TEMPLATE, e);
    }
  }
}
