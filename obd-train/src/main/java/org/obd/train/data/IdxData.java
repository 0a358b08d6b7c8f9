package org.obd.train.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Shape;

/**
 * Reads images and their class labels from a pair of IDX files, the format of MNIST.
 *
 * <ul>
 *   <li>The images file starts with the magic number {@code 0x00000803} (unsigned bytes, 3
 *       dimensions), then the dimensions {@code N}, {@code rows}, {@code cols} as big-endian 32-bit
 *       integers, then {@code N × rows × cols} unsigned bytes, image after image, row-major.
 *   <li>The labels file starts with {@code 0x00000801} (unsigned bytes, 1 dimension), then {@code
 *       N}, then {@code N} unsigned bytes, each a class index {@code 0..classes-1}.
 *   <li>Either file may be gzip-compressed; gzip is recognised by the content, not by the name.
 *   <li>Inputs are the raw grey levels as doubles (0..255, not scaled: that is the normaliser's
 *       job); the input shape is {@code 1 × rows × cols}.
 * </ul>
 *
 * <p>Errors are {@link IllegalArgumentException}s naming the file and what was expected, e.g.
 * {@code t10k-images.gz: magic number 0x00000801 is a labels file, expected an images file
 * (0x00000803)} or {@code images.gz: truncated at image 9874 of 10000: expected 784 bytes, found
 * 120}; image and label numbers in messages count from 1. A file that cannot be opened gives the
 * {@link IOException} of {@link Files#newInputStream}.
 */
public final class IdxData {

  /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Number of classes of MNIST (the digits 0..9). */
  public static final int MNIST_CLASSES = 10;

  /** Largest number of values one data set may hold (the largest Java array of doubles). */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private IdxData() {}

  /**
   * Reads an images file and a labels file (each plain or gzip-compressed). The result's source is
   * {@code "<images> + <labels>"}.
   *
   * @param classes the number of classes, at least 1; every label must be below it
   * @throws IOException if a file cannot be opened or read
   * @throws IllegalArgumentException if a file is not a valid IDX file of the expected kind, or
   *     the two disagree, naming the file and what was expected
   */
  public static RawData read(Path images, Path labels, int classes) throws IOException {
    checkClasses(classes);
    try (InputStream in = Files.newInputStream(images);
        InputStream lin = Files.newInputStream(labels)) {
      return read(in, images.toString(), lin, labels.toString(), classes);
    }
  }

  /**
   * Reads images and labels from two streams, which are closed afterwards; see {@link
   * #read(Path, Path, int)}.
   *
   * @param imagesSource what messages call the images, e.g. a file name
   * @param labelsSource what messages call the labels
   * @throws IOException if a stream cannot be read
   * @throws IllegalArgumentException if the content is not valid, naming its source
   */
  public static RawData read(
      InputStream images, String imagesSource, InputStream labels, String labelsSource,
      int classes) throws IOException {
    checkClasses(classes);
    try (Idx im = Idx.open(images, imagesSource);
        Idx lb = Idx.open(labels, labelsSource)) {
      long[] imageDims = im.header(IMAGES_MAGIC);
      long[] labelDims = lb.header(LABELS_MAGIC);
      long n = imageDims[0];
      if (labelDims[0] != n) {
        throw new IllegalArgumentException(
            "images and labels disagree: " + n + " images in " + imagesSource + " but "
                + labelDims[0] + " labels in " + labelsSource);
      }
      if (n == 0) {
        throw new IllegalArgumentException(
            imagesSource + ": the header declares 0 images, expected at least 1");
      }
      for (int d = 1; d <= 2; d++) {
        if (imageDims[d] == 0) {
          throw new IllegalArgumentException(
              imagesSource + ": the header declares images of " + imageDims[1] + "x"
                  + imageDims[2] + " pixels, expected at least 1x1");
        }
      }
      long pixels = imageDims[1] * imageDims[2];
      if (pixels > MAX_VALUES || n * pixels > MAX_VALUES) {
        throw new IllegalArgumentException(
            imagesSource + ": the header declares " + n + " images of " + imageDims[1] + "x"
                + imageDims[2] + " pixels, more than the " + MAX_VALUES
                + " values one data set can hold");
      }
      Shape shape = new Shape(1, (int) imageDims[1], (int) imageDims[2]);
      byte[] grey = im.records((int) n, (int) pixels, "image");
      byte[] labelBytes = lb.records((int) n, 1, "label");
      int[] y = new int[(int) n];
      for (int i = 0; i < y.length; i++) {
        y[i] = labelBytes[i] & 0xff;
        if (y[i] >= classes) {
          throw new IllegalArgumentException(
              labelsSource + ": label " + (i + 1) + " of " + n + " is " + y[i]
                  + ", expected a class index in 0.." + (classes - 1));
        }
      }
      DMatrixRMaj x = new DMatrixRMaj((int) n, (int) pixels);
      for (int i = 0; i < grey.length; i++) {
        x.data[i] = grey[i] & 0xff;
      }
      return RawData.labelled(imagesSource + " + " + labelsSource, shape, x, y, classes);
    }
  }

  private static void checkClasses(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException(
          "number of classes must be 1 or greater, found " + classes);
    }
  }

  /** One IDX stream, plain or gzip-compressed, with the name its messages use. */
  private static final class Idx implements AutoCloseable {
    private final InputStream in;
    private final String source;
    private final boolean gzip;

    private Idx(InputStream in, String source, boolean gzip) {
      this.in = in;
      this.source = source;
      this.gzip = gzip;
    }

    static Idx open(InputStream raw, String source) throws IOException {
      BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try {
          return new Idx(new GZIPInputStream(buffered, 1 << 16), source, true);
        } catch (ZipException | EOFException e) {
          throw corrupt(source, e);
        }
      }
      return new Idx(buffered, source, false);
    }

    private static IllegalArgumentException corrupt(String source, IOException e) {
      return Gzip.corrupt(source, e);
    }

    /** Reads up to {@code len} bytes; fewer only at the end of the data. */
    private int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.readNBytes(b, off, len);
      } catch (ZipException | EOFException e) {
        if (!gzip) {
          throw e;
        }
        throw corrupt(source, e);
      }
    }

    /** Reads and checks the magic number and the header; returns the dimensions (unsigned). */
    long[] header(int expectedMagic) throws IOException {
      String kind = expectedMagic == IMAGES_MAGIC ? "an images file" : "a labels file";
      byte[] b = new byte[4];
      int got = read(b, 0, 4);
      if (got == 0) {
        throw new IllegalArgumentException(
            source + ": the file is empty, expected " + kind + " (magic number "
                + hex(expectedMagic) + ")");
      }
      int dims = expectedMagic & 0xff;
      int headerBytes = 4 + 4 * dims;
      if (got < 4) {
        throw truncatedHeader(headerBytes, got);
      }
      int magic =
          ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (magic != expectedMagic) {
        String found;
        if (magic == IMAGES_MAGIC) {
          found = " is an images file";
        } else if (magic == LABELS_MAGIC) {
          found = " is a labels file";
        } else if ((magic >>> 16) == 0 && ((magic >>> 8) & 0xff) != 0x08) {
          found = " is an IDX file of other than unsigned bytes (type 0x"
              + String.format("%02x", (magic >>> 8) & 0xff) + ")";
        } else if ((magic >>> 16) == 0) {
          found = " is an IDX file of " + (magic & 0xff) + " dimensions";
        } else {
          found = " is not an IDX magic number";
        }
        throw new IllegalArgumentException(
            source + ": magic number " + hex(magic) + found + ", expected " + kind + " ("
                + hex(expectedMagic) + ")");
      }
      long[] d = new long[dims];
      byte[] h = new byte[4 * dims];
      int hn = read(h, 0, h.length);
      if (hn < h.length) {
        throw truncatedHeader(headerBytes, 4 + hn);
      }
      for (int i = 0; i < dims; i++) {
        d[i] =
            ((long) (h[4 * i] & 0xff) << 24)
                | ((h[4 * i + 1] & 0xff) << 16)
                | ((h[4 * i + 2] & 0xff) << 8)
                | (h[4 * i + 3] & 0xff);
      }
      return d;
    }

    private IllegalArgumentException truncatedHeader(int expected, int found) {
      return new IllegalArgumentException(
          source + ": truncated header: expected " + expected + " bytes, found " + found);
    }

    /**
     * Reads {@code n} records of {@code size} bytes each and checks that nothing follows them.
     *
     * @param what the record's name in messages ({@code image}, {@code label})
     */
    byte[] records(int n, int size, String what) throws IOException {
      long total = (long) n * size;
      // grown as the data arrive, so that a header declaring too much fails as truncated rather
      // than by running out of memory
      byte[] all = new byte[(int) Math.min(total, 1 << 20)];
      int chunk = Math.max(1, (1 << 16) / size);
      for (int r = 0; r < n; r += chunk) {
        int count = Math.min(chunk, n - r);
        int want = count * size;
        int end = r * size + want;
        if (end > all.length) {
          all = Arrays.copyOf(all, (int) Math.min(total, Math.max(end, 2L * all.length)));
        }
        int got = read(all, r * size, want);
        if (got < want) {
          int at = r + got / size;
          throw new IllegalArgumentException(
              source + ": truncated at " + what + " " + (at + 1) + " of " + n + ": expected "
                  + size + (size == 1 ? " byte" : " bytes") + ", found " + (got % size));
        }
      }
      long trailing = 0;
      byte[] rest = new byte[1 << 13];
      int k;
      while ((k = read(rest, 0, rest.length)) > 0) {
        trailing += k;
      }
      if (trailing > 0) {
        throw new IllegalArgumentException(
            source + ": " + trailing + " trailing byte" + (trailing == 1 ? "" : "s") + " after the "
                + n + " declared " + what + (n == 1 ? "" : "s")
                + ", expected the file to end there");
      }
      return all;
    }

    private static String hex(int v) {
      return String.format("0x%08x", v);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
