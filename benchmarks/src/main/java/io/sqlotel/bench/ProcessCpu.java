package io.sqlotel.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM process. */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time consumed by this process so far, nanoseconds, or -1 if the JVM cannot tell. */
  public static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
