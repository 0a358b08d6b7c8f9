package org.obd.train.data;

import java.io.EOFException;
import java.io.IOException;

/** Plain messages for gzip-compressed data that cannot be read, naming the file. */
final class Gzip {

  private Gzip() {}

  /**
   * The error for a {@link java.util.zip.ZipException} or {@link EOFException} while reading
   * gzip-compressed {@code source}: {@code source: corrupt gzip data: <what is wrong>}, without
   * the JDK's wording (which may be {@code null}).
   */
  static IllegalArgumentException corrupt(String source, IOException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    String why;
    if (e instanceof EOFException) {
      why = "the file ends inside the compressed data (it is truncated)";
    } else if (m.contains("GZIP trailer")) {
      why = "the checksum or length at its end does not match the data (the file is damaged)";
    } else if (m.contains("GZIP header") || m.contains("Not in GZIP format")) {
      why = "the gzip header is damaged";
    } else if (m.contains("compression method")) {
      why = "it uses a compression method other than deflate";
    } else if (m.isEmpty()) {
      why = "the compressed data are damaged";
    } else {
      why = "the compressed data are damaged (" + m + ")";
    }
    return new IllegalArgumentException(source + ": corrupt gzip data: " + why, e);
  }
}
