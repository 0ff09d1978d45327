package org.hyperflux.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Peak resident set size of a process from Linux's {@code /proc/<pid>/status}: {@code VmHWM},
 * the high-water mark of the resident set, in kB. Empty where there is no such file (not Linux,
 * or the process has ended: an exited process's status no longer has the field).
 */
final class PeakRss {
  private PeakRss() {}

  /** This JVM's peak RSS in bytes. */
  static OptionalLong self() {
    return of("self");
  }

  /** The peak RSS in bytes of process {@code pid}. */
  static OptionalLong of(long pid) {
    return of(Long.toString(pid));
  }

  private static OptionalLong of(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** Bytes in MiB with one decimal, the unit of hs_op.py's {@code peak_rss_mb} (ru_maxrss kB / 1024). */
  static double mb(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }
}
