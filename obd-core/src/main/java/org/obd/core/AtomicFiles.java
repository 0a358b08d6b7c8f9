package org.obd.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Writing result files so that a reader never sees a half-written one: the content goes to a
 * temporary file in the same directory, is forced to disk, and is then moved over the target
 * (atomically where the file system allows). On failure the temporary file is removed and the
 * target is left as it was.
 *
 * <p>What the path names decides what is replaced:
 *
 * <ul>
 *   <li>a regular file, or nothing: replaced (or created) by the move; an existing file's POSIX
 *       permissions are kept;
 *   <li>a symbolic link: the file it points to (through any chain of links) is replaced as above,
 *       and the link stays a link;
 *   <li>a FIFO, a device or a socket ({@code /dev/null}, {@code /dev/stdout}, a named pipe), and
 *       anything reached through a file-descriptor link under {@code /proc} ({@code /dev/stdout},
 *       {@code /dev/fd/1}): written to directly, without a temporary file (appending, so that a
 *       redirected {@code >>} stdout keeps its content);
 *   <li>a directory: an error ({@link FileSystemException} naming it), nothing is written.
 * </ul>
 *
 * <p>A JVM that is shutting down (Ctrl-C, SIGTERM) keeps running its threads while its shutdown
 * hooks run, and then stops them wherever they are. A hook that calls {@link #close(Duration)}
 * first lets the writes in progress finish (each one moved into place or its temporary file
 * removed) and keeps new ones from starting, so that no temporary file is left behind.
 */
public final class AtomicFiles {

  /** The most links followed from one path (as Linux's ELOOP limit). */
  private static final int MAX_LINKS = 40;

  /**
   * Writes to regular files hold the read side (many at once); {@link #close} takes the write
   * side and keeps it, so that it waits for those in progress and blocks all later ones.
   */
  private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock(true);

  private AtomicFiles() {}

  /**
   * Waits up to {@code timeout} for the writes in progress to finish, then keeps every later
   * write (in any thread) waiting for good: for a shutdown hook, after which the JVM halts. Writes
   * to FIFOs and devices are not held back.
   *
   * @return whether the writes in progress finished within {@code timeout}
   */
  public static boolean close(Duration timeout) {
    try {
      return GATE.writeLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Lets writes start again after {@link #close} (for tests, in the thread that closed). */
  static void reopen() {
    while (GATE.writeLock().isHeldByCurrentThread()) {
      GATE.writeLock().unlock();
    }
  }

  /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code content} to {@code file}: atomically for regular files (through links), directly
   * for FIFOs and devices.
   *
   * @throws FileSystemException if {@code file} is a directory, or its links loop
   * @throws IOException if the directory is not writable or the move fails (the temporary file is
   *     removed)
   */
  public static void write(Path file, byte[] content) throws IOException {
    Target t = resolve(file);
    if (t.direct()) {
      try (OutputStream out =
          Files.newOutputStream(t.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        out.write(content);
      }
      return;
    }
    Path target = t.path();
    if (Files.isDirectory(target)) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    GATE.readLock().lock();
    try {
      replace(target, content);
    } finally {
      GATE.readLock().unlock();
    }
  }

  /** Writes {@code content} to a temporary file beside {@code target} and moves it over. */
  private static void replace(Path target, byte[] content) throws IOException {
    Path tmp =
        target.resolveSibling(
            "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        out.write(content);
        out.flush();
        ch.force(true);
      }
      keepPermissions(target, tmp);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Where a write to {@code file} goes: the end of its chain of links, and whether it is written
   * directly (a FIFO, a device, a socket, or a file-descriptor link under {@code /proc}).
   */
  record Target(Path path, boolean direct) {}

  /** Follows {@code file}'s links to what a write replaces, or to what is written directly. */
  static Target resolve(Path file) throws IOException {
    Path p = file.toAbsolutePath();
    for (int hops = 0; ; hops++) {
      Path dir = p.getParent();
      if (dir != null && Files.isDirectory(dir)) {
        // the parent's own links resolved (/dev/fd -> /proc/<pid>/fd), so that relative link
        // targets resolve against where the link really is
        p = dir.toRealPath().resolve(p.getFileName());
      }
      boolean exists = Files.exists(p);
      if (exists && (p.startsWith("/proc") || isSpecial(p))) {
        return new Target(p, true);
      }
      if (!Files.isSymbolicLink(p)) {
        return new Target(p, false);
      }
      if (hops == MAX_LINKS) {
        throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
      }
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
  }

  /** A FIFO, a device or a socket (following links): not a regular file, not a directory. */
  private static boolean isSpecial(Path p) {
    return !Files.isRegularFile(p) && !Files.isDirectory(p) && Files.exists(p);
  }

  private static void keepPermissions(Path target, Path tmp) {
    try {
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
        Files.setPosixFilePermissions(tmp, perms);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system, or the file vanished: the new file keeps the default mode
    }
  }
}
