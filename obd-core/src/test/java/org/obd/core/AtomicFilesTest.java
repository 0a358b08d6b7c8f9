package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link AtomicFiles#write} replaces: files, the targets of links; what it writes into. */
class AtomicFilesTest {

  @TempDir Path dir;

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  private void assertNoTemporaryFiles(Path in) throws IOException {
    try (Stream<Path> files = Files.list(in)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")),
          "no temporary file is left in " + in);
    }
  }

  @Test
  void aRegularFileIsReplacedByANewOneKeepingItsPermissions() throws IOException {
    Path f = Files.writeString(dir.resolve("a.json"), "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    Object before = inode(f);
    AtomicFiles.writeString(f, "new");
    assertEquals("new", Files.readString(f));
    assertNotEquals(before, inode(f), "a new file moved over the old one");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    AtomicFiles.writeString(dir.resolve("fresh.json"), "x");
    assertEquals("x", Files.readString(dir.resolve("fresh.json")));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void aLinkStaysALinkAndItsTargetIsReplaced() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path target = Files.writeString(sub.resolve("target.json"), "old");
    // a relative link to a link to the file
    Path inner = Files.createSymbolicLink(dir.resolve("inner"), Path.of("sub/target.json"));
    Path outer = Files.createSymbolicLink(dir.resolve("outer"), Path.of("inner"));
    AtomicFiles.writeString(outer, "new");
    assertTrue(Files.isSymbolicLink(outer) && Files.isSymbolicLink(inner), "links stay links");
    assertEquals(Path.of("inner"), Files.readSymbolicLink(outer));
    assertEquals("new", Files.readString(target));
    assertNoTemporaryFiles(dir);
    assertNoTemporaryFiles(sub);

    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("sub/later.json"));
    AtomicFiles.writeString(dangling, "created");
    assertTrue(Files.isSymbolicLink(dangling));
    assertEquals("created", Files.readString(sub.resolve("later.json")));

    Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.writeString(loop, "x"));
    assertEquals("too many levels of symbolic links", e.getReason());
  }

  @Test
  void aDirectoryIsAnErrorAndIsLeftAlone() throws IOException {
    Path d = Files.createDirectory(dir.resolve("out"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.writeString(d, "x"));
    assertEquals("is a directory", e.getReason());
    assertTrue(Files.isDirectory(d));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void aDeviceIsWrittenToDirectly() throws IOException {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null on this system");
    AtomicFiles.writeString(devNull, "discarded");
    assertTrue(
        Files.readAttributes(devNull, BasicFileAttributes.class).isOther(),
        "/dev/null is still a device");
    assertTrue(AtomicFiles.resolve(devNull).direct());
    Path link = Files.createSymbolicLink(dir.resolve("null"), devNull);
    AtomicFiles.writeString(link, "discarded");
    assertTrue(Files.isSymbolicLink(link));
    assertNoTemporaryFiles(dir);
  }

  /** A named pipe made by mkfifo(1); tests that need one skip when the tool is missing. */
  static Path mkfifo(Path at) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("mkfifo is not installed, so no FIFO can be made: " + e.getMessage());
      throw e;
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + at);
    return at;
  }

  @Test
  void aFifoIsWrittenToDirectlyAndStaysAFifo() throws Exception {
    Path fifo = mkfifo(dir.resolve("pipe"));
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(fifo, StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    AtomicFiles.writeString(fifo, "through the pipe\n");
    assertEquals("through the pipe\n", reader.get(30, TimeUnit.SECONDS));
    assertFalse(Files.isRegularFile(fifo), "still a FIFO");
    assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class).isOther());
    assertNoTemporaryFiles(dir);
  }

  @Test
  void afterCloseNoWriteStartsUntilReopened() throws Exception {
    Path f = dir.resolve("late.json");
    assertTrue(AtomicFiles.close(java.time.Duration.ofSeconds(5)), "no write was in progress");
    try {
      CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
        try {
          AtomicFiles.writeString(f, "late");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Thread.sleep(300);
      assertFalse(late.isDone(), "a write after close waits");
      assertFalse(Files.exists(f));
      assertNoTemporaryFiles(dir);
      AtomicFiles.reopen();
      late.get(10, TimeUnit.SECONDS);
      assertEquals("late", Files.readString(f));
    } finally {
      AtomicFiles.reopen();
    }
  }
}
