package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Shape;

class IdxDataTest {

  @TempDir Path dir;

  /** An IDX header: the magic number, then the dimensions, all big-endian. */
  private static byte[] header(int magic, int... dims) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, magic);
    for (int d : dims) {
      writeInt(out, d);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code n} images of {@code rows × cols}; pixel k of image i is (i*31 + k*7) % 256. */
  private static byte[] images(int n, int rows, int cols) {
    byte[] px = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < rows * cols; k++) {
        px[i * rows * cols + k] = (byte) ((i * 31 + k * 7) % 256);
      }
    }
    return concat(header(0x803, n, rows, cols), px);
  }

  private static byte[] labels(int... labels) {
    byte[] b = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      b[i] = (byte) labels[i];
    }
    return concat(header(0x801, labels.length), b);
  }

  private Path write(String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }

  private Path writeGzip(String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(content);
    }
    return f;
  }

  @Test
  void readsGreyLevelsAndLabels() throws IOException {
    byte[] bytes = images(3, 2, 4);
    bytes[bytes.length - 1] = (byte) 0xff;
    Path im = write("images", bytes);
    Path lb = write("labels", labels(9, 0, 255));
    RawData r = IdxData.read(im, lb, 256);
    assertEquals(new Shape(1, 2, 4), r.inputShape());
    assertEquals(3, r.size());
    assertEquals(256, r.classes());
    assertArrayEquals(new int[] {9, 0, 255}, r.labels(), "labels are unsigned bytes");
    assertEquals(im + " + " + lb, r.source());
    double[] x = r.inputs().data;
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 8; k++) {
        double expected = i == 2 && k == 7 ? 255 : (i * 31 + k * 7) % 256;
        assertEquals(expected, x[i * 8 + k], 0.0, "image " + i + " pixel " + k);
      }
    }
    assertEquals(255.0, max(x), 0.0, "pixel bytes above 127 read as unsigned grey levels");
  }

  private static double max(double[] x) {
    return Arrays.stream(x).max().orElseThrow();
  }

  @Test
  void gzipIsRecognisedByContentNotName() throws IOException {
    byte[] im = images(40, 28, 28);
    byte[] lb = labels(new int[40]);
    RawData plain = IdxData.read(write("a", im), write("b", lb), 10);
    RawData gz = IdxData.read(writeGzip("a.gz", im), writeGzip("b.gz", lb), 10);
    RawData misnamed = IdxData.read(writeGzip("c.idx", im), write("d.gz", lb), 10);
    assertEquals(new Shape(1, 28, 28), plain.inputShape());
    assertArrayEquals(plain.inputs().data, gz.inputs().data, 0.0);
    assertArrayEquals(plain.inputs().data, misnamed.inputs().data, 0.0);
    assertArrayEquals(plain.labels(), misnamed.labels());
  }

  @Test
  void manyImagesAcrossReadChunks() throws IOException {
    // 300 images of 28x28 span several read chunks (of 83 images) and buffer growths
    int n = 300;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
    }
    RawData r = IdxData.read(writeGzip("im.gz", images(n, 28, 28)), write("lb", labels(y)), 10);
    assertEquals(n, r.size());
    assertEquals((299 * 31 + 783 * 7) % 256, r.inputs().get(299, 783), 0.0);
    assertArrayEquals(new int[] {30, 30, 30, 30, 30, 30, 30, 30, 30, 30}, r.classCounts());
  }

  private IllegalArgumentException fails(Path images, Path labels, int classes) {
    return assertThrows(
        IllegalArgumentException.class, () -> IdxData.read(images, labels, classes));
  }

  @Test
  void swappedFilesAreNamedByKind() throws IOException {
    Path im = write("t10k-images.gz", images(2, 2, 2));
    Path lb = write("t10k-labels.gz", labels(1, 2));
    assertEquals(
        lb + ": magic number 0x00000801 is a labels file, expected an images file (0x00000803)",
        fails(lb, im, 10).getMessage());
    Path im2 = write("i2", images(2, 2, 2));
    assertEquals(
        im2 + ": magic number 0x00000803 is an images file, expected a labels file (0x00000801)",
        fails(im, im2, 10).getMessage());
  }

  @Test
  void otherMagicNumbers() throws IOException {
    Path lb = write("lb", labels(1));
    assertEquals(
        dir.resolve("f") + ": magic number 0x00000d03 is an IDX file of other than unsigned bytes"
            + " (type 0x0d), expected an images file (0x00000803)",
        fails(write("f", header(0xd03, 1, 1, 1)), lb, 10).getMessage());
    assertEquals(
        dir.resolve("g") + ": magic number 0x00000802 is an IDX file of 2 dimensions, expected an"
            + " images file (0x00000803)",
        fails(write("g", header(0x802, 1, 1)), lb, 10).getMessage());
    assertEquals(
        dir.resolve("h") + ": magic number 0x89504e47 is not an IDX magic number, expected an"
            + " images file (0x00000803)",
        fails(write("h", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}), lb, 10)
            .getMessage());
  }

  @Test
  void truncatedImagesNameTheImageAndTheBytesFound() throws IOException {
    byte[] full = images(5, 3, 4);
    Path cut = write("images.gz", Arrays.copyOf(full, full.length - 12 - 7));
    Path lb = write("lb", labels(0, 0, 0, 0, 0));
    assertEquals(
        cut + ": truncated at image 4 of 5: expected 12 bytes, found 5",
        fails(cut, lb, 10).getMessage());
    Path gz = writeGzip("images2.gz", Arrays.copyOf(full, full.length - 12));
    assertEquals(
        gz + ": truncated at image 5 of 5: expected 12 bytes, found 0",
        fails(gz, lb, 10).getMessage());
    Path shortLabels = write("labels", Arrays.copyOf(labels(0, 0, 0, 0, 0), 8 + 3));
    assertEquals(
        shortLabels + ": truncated at label 4 of 5: expected 1 byte, found 0",
        fails(write("im", full), shortLabels, 10).getMessage());
  }

  @Test
  void truncatedAndEmptyHeaders() throws IOException {
    Path lb = write("lb", labels(0));
    Path empty = write("empty", new byte[0]);
    assertEquals(
        empty + ": the file is empty, expected an images file (magic number 0x00000803)",
        fails(empty, lb, 10).getMessage());
    Path emptyGz = writeGzip("empty.gz", new byte[0]);
    assertEquals(
        emptyGz + ": the file is empty, expected a labels file (magic number 0x00000801)",
        fails(write("im", images(1, 1, 1)), emptyGz, 10).getMessage());
    Path shortHeader = write("short", Arrays.copyOf(images(1, 2, 2), 11));
    assertEquals(
        shortHeader + ": truncated header: expected 16 bytes, found 11",
        fails(shortHeader, lb, 10).getMessage());
    Path shortMagic = write("magic", new byte[] {0, 0});
    assertEquals(
        shortMagic + ": truncated header: expected 16 bytes, found 2",
        fails(shortMagic, lb, 10).getMessage());
  }

  @Test
  void countsMustAgreeAndBePositive() throws IOException {
    Path im = write("A", images(3, 2, 2));
    Path lb = write("B", labels(0, 1));
    assertEquals(
        "images and labels disagree: 3 images in " + im + " but 2 labels in " + lb,
        fails(im, lb, 10).getMessage());
    Path none = write("none", images(0, 2, 2));
    assertEquals(
        none + ": the header declares 0 images, expected at least 1",
        fails(none, write("nl", labels()), 10).getMessage());
    Path flat = write("flat", header(0x803, 1, 0, 5));
    assertEquals(
        flat + ": the header declares images of 0x5 pixels, expected at least 1x1",
        fails(flat, write("l1", labels(0)), 10).getMessage());
    Path huge = write("huge", header(0x803, -1, 28, 28));
    assertTrue(
        fails(huge, write("lh", header(0x801, -1)), 10)
            .getMessage()
            .startsWith(
                huge + ": the header declares 4294967295 images of 28x28 pixels, more than"),
        "dimensions are unsigned");
    Path lies = write("lies", header(0x803, 1_000_000, 28, 28));
    assertEquals(
        lies + ": truncated at image 1 of 1000000: expected 784 bytes, found 0",
        fails(lies, write("l2", header(0x801, 1_000_000)), 10).getMessage(),
        "a header declaring more than the file holds fails as truncated, not out of memory");
  }

  @Test
  void labelsMustBeBelowTheClassCount() throws IOException {
    Path lb = write("labels.gz", labels(3, 9, 10, 1));
    IllegalArgumentException e = fails(write("im", images(4, 1, 1)), lb, 10);
    assertEquals(lb + ": label 3 of 4 is 10, expected a class index in 0..9", e.getMessage());
  }

  @Test
  void trailingBytesAreAnError() throws IOException {
    Path im = write("im", concat(images(2, 2, 2), new byte[] {1, 2, 3}));
    assertEquals(
        im + ": 3 trailing bytes after the 2 declared images, expected the file to end there",
        fails(im, write("lb", labels(0, 0)), 10).getMessage());
    Path lb = writeGzip("lb.gz", concat(labels(0, 0), new byte[] {7}));
    assertEquals(
        lb + ": 1 trailing byte after the 2 declared labels, expected the file to end there",
        fails(write("im2", images(2, 2, 2)), lb, 10).getMessage());
  }

  @Test
  void corruptGzipAndMissingFiles() throws IOException {
    Path good = writeGzip("g.gz", images(50, 28, 28));
    byte[] gz = Files.readAllBytes(good);
    Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
    Path lb = write("lb", labels(new int[50]));
    assertEquals(
        cut + ": corrupt gzip data: the file ends inside the compressed data (it is truncated)",
        fails(cut, lb, 10).getMessage(), "a cut gzip stream");
    byte[] badCrc = gz.clone();
    badCrc[badCrc.length - 6] ^= 0x55;
    Path crc = write("crc.gz", badCrc);
    assertEquals(
        crc + ": corrupt gzip data: the checksum or length at its end does not match the data (the"
            + " file is damaged)",
        fails(crc, lb, 10).getMessage(), "a bad CRC");
    Path header = write("header.gz", new byte[] {0x1f, (byte) 0x8b, 1});
    assertEquals(
        header + ": corrupt gzip data: it uses a compression method other than deflate",
        fails(header, lb, 10).getMessage(), "a broken gzip header");
    Path shortHeader = write("short.gz", Arrays.copyOf(gz, 6));
    assertEquals(
        shortHeader + ": corrupt gzip data: the file ends inside the compressed data (it is"
            + " truncated)",
        fails(shortHeader, lb, 10).getMessage(), "a gzip header cut short (the JDK says null)");
    assertThrows(
        NoSuchFileException.class, () -> IdxData.read(dir.resolve("none"), lb, 10));
    assertThrows(
        NoSuchFileException.class, () -> IdxData.read(good, dir.resolve("none"), 10));
  }

  @Test
  void classCountMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxData.read(dir.resolve("a"), dir.resolve("b"), 0));
    assertEquals("number of classes must be 1 or greater, found 0", e.getMessage());
  }
}
