package org.obd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code obd --version}: obd's version (filtered into a resource at build time) and the JVM's. */
final class VersionProvider implements IVersionProvider {

  static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() throws IOException {
    return new String[] {
      "obd " + version(), "Java " + System.getProperty("java.version") + " ("
          + System.getProperty("java.vendor") + ")"
    };
  }

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  static String version() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("the resource org/obd/cli/" + RESOURCE + " is missing");
      }
      p.load(in);
    }
    return p.getProperty("version");
  }
}
