package io.posthorn.e2e.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** CPU and memory of a process from /proc: what the pipeline benchmark charges to each system. */
final class ProcStat {
  /** Linux reports utime and stime in clock ticks; 100 per second on every kernel this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {}

  /** utime + stime of the whole process (all threads), in seconds; 0 once it is gone. */
  static double cpuSeconds(long pid) {
    return ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND;
  }

  /** Peak resident set size (VmHWM) in KiB, or 0 once the process is gone. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /**
   * CPU seconds per thread name (threads of the same name summed, digits folded to #), for the
   * profile.
   */
  static Map<String, Double> threadCpu(long pid) {
    Map<String, Double> byName = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          task -> {
            try {
              String comm = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
              byName.merge(comm, ticks(task.resolve("stat")) / TICKS_PER_SECOND, Double::sum);
            } catch (IOException e) {
              // the thread ended while we looked
            }
          });
    } catch (IOException e) {
      return byName;
    }
    return byName;
  }

  private static long ticks(Path stat) {
    try {
      String s = Files.readString(stat);
      // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th,
      // stime the 15th.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
