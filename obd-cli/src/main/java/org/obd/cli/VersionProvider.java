package org.obd.cli;

import org.obd.core.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code obd --version}: obd's version and commit, and the JVM's. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {Version.line(), "Java " + Version.java()};
  }
}
