package org.obd.report;

/**
 * Puts AWT into headless mode before any AWT class is used: drawing charts needs no display, and on
 * a machine whose {@code DISPLAY} names no reachable X server a non-headless AWT would fail. A
 * {@code java.awt.headless} property already set (either way) is left as it is.
 */
final class Headless {

  /** The system property AWT reads once, when it first decides whether it is headless. */
  static final String PROPERTY = "java.awt.headless";

  private Headless() {}

  /** Sets {@value #PROPERTY} to {@code true} unless it is set. */
  static void ensure() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "true");
    }
  }
}
