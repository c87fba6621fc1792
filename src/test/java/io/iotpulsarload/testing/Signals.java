package io.iotpulsarload.testing;

/** Unix signals to another process: pause (STOP), resume (CONT), terminate (TERM) a broker or an injector. */
public final class Signals {

  private Signals() {}

  /** Sends {@code signal} (e.g. "STOP") to {@code pid} and fails unless kill succeeded. */
  public static void send(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + pid + " failed");
    }
  }
}
