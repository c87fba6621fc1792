package io.iotpulsarload.run;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time of this JVM, all threads (user + system), as the operating system counts it: what an injector costs,
 * comparable with {@code time} or /proc of another tool.
 */
record ProcessCpu(com.sun.management.OperatingSystemMXBean bean) {

  static ProcessCpu open() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return new ProcessCpu(os instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null);
  }

  boolean available() {
    return bean != null && bean.getProcessCpuTime() >= 0;
  }

  /** CPU nanoseconds used so far, or 0 where the JVM cannot tell. */
  long nanos() {
    return bean == null ? 0 : Math.max(0, bean.getProcessCpuTime());
  }
}
