package org.obd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.obd.core.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code obd version}: obd's version and commit, the Java runtime, the machine, and what runs the
 * matrix products (the Vector API kernel or the plain-Java fallback).
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    header = "Prints obd's version and commit, the Java runtime, the OS and the processors.",
    description = {
      "The same facts each run records in its provenance.json, and on a last line what runs the"
          + " matrix products: 'vector-api (…)' when the JVM has the jdk.incubator.vector module"
          + " (./obd adds it), else 'plain Java (…)', the same results more slowly."
    })
final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("obd " + Version.obd());
    String commit = Version.commit();
    out.println("commit " + (commit == null ? "unknown (not built from a git checkout)" : commit));
    out.println("Java " + Version.java());
    out.println("OS " + Version.os() + ", " + Version.processors() + " processors");
    out.println("products: " + Version.products());
    out.flush();
    return 0;
  }
}
