package org.obd.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peak memory of this process, for {@code obd bench}: the peak resident set ({@code VmHWM} of
 * {@code /proc/self/status}) on Linux, else the sum of the JVM's memory pools' peak usages (heap
 * and non-heap, a lower bound of the resident peak).
 */
final class PeakMemory {

  private PeakMemory() {}

  /** Peak memory in MiB, and where it was read: {@code "vmhwm"} or {@code "jvm-pools"}. */
  record Peak(double mib, String source) {}

  static Peak read() {
    try {
      Path status = Path.of("/proc/self/status");
      if (Files.isReadable(status)) {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            String[] f = line.substring(6).trim().split("\\s+");
            if (f.length == 2 && f[1].equalsIgnoreCase("kB")) {
              return new Peak(Long.parseLong(f[0]) / 1024.0, "vmhwm");
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall back to the JVM's own accounting below
    }
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return new Peak(bytes / (1024.0 * 1024.0), "jvm-pools");
  }
}
