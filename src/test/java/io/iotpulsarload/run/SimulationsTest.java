package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every simulation starts, runs briefly against the embedded broker, and has its gates evaluated. */
class SimulationsTest {

  private static GatlingFork.Result run(String simulation, String... settings) throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("pulsar.url", SharedBroker.serviceUrl());
    p.put("pulsar.adminUrl", SharedBroker.adminUrl());
    p.put("topic", SharedBroker.uniqueTopic(simulation.toLowerCase()));
    for (int i = 0; i < settings.length; i += 2) {
      p.put(settings[i], settings[i + 1]);
    }
    return GatlingFork.run("simulations." + simulation, p, 240);
  }

  private static void assertGatesPassedWithNoKo(GatlingFork.Result run, long minMessages) {
    assertEquals(0, run.exitCode(), run.tail());
    long[] okKo = run.okKo("publish");
    assertEquals(0, okKo[1], run.tail());
    assertTrue(okKo[0] >= minMessages, okKo[0] + " < " + minMessages);
    long[] published = run.published();
    assertEquals(published[0], published[1] + published[2], "sent = acked + failed");
    assertTrue(run.output().contains("publish: count of all events is greater than or equal to"), run.tail());
  }

  @Test
  void rampIoTRampsThenHolds() throws Exception {
    // (0 + 400) / 2 * 3 s + 400 * 2 s = 1,400 messages
    GatlingFork.Result run = run("RampIoT", "rate", "400", "rampDuration", "3s", "duration", "2s");
    assertGatesPassedWithNoKo(run, 1_386);
    assertTrue(run.output().contains("99.0 % of 1400 planned"), run.tail());
  }

  @Test
  void spikeIoTAddsSpikesOnTopOfTheBaseline() throws Exception {
    // 4 s: 2 s at 100/s, 1 s at 300/s, 1 s at 100/s -> 600 messages
    GatlingFork.Result run = run("SpikeIoT", "rate", "100", "spikeFactor", "3", "spikeDuration", "1s",
        "spikeEvery", "3s", "duration", "4s");
    assertGatesPassedWithNoKo(run, 594);
    assertTrue(run.output().contains("of 600 planned"), run.tail());
  }

  @Test
  void spikeIoTRejectsASpikeLongerThanItsPeriod() throws Exception {
    GatlingFork.Result run = run("SpikeIoT", "spikeDuration", "90s", "spikeEvery", "60s");
    assertEquals(1, run.exitCode());
    assertTrue(run.output().contains("iot-pulsar-load: spikeDuration (PT1M30S) must be shorter than spikeEvery"),
        run.tail());
  }

  @Test
  void soakIoTSendsTenReadingsPerUser() throws Exception {
    GatlingFork.Result run = run("SoakIoT", "rate", "200", "duration", "3s");
    assertGatesPassedWithNoKo(run, 594);
  }

  @Test
  void devicesIoTHasEachDeviceReportOnItsInterval() throws Exception {
    GatlingFork.Result run = run("DevicesIoT", "devices", "100", "interval", "1s", "duration", "3s");
    assertGatesPassedWithNoKo(run, 300);
    assertTrue(run.output().contains("100 devices, one reading every PT1S each: 100 msg/s"), run.tail());
  }

  @Test
  void capacityIoTReportsTheHighestRateThatHeld() throws Exception {
    GatlingFork.Result run = run("CapacityIoT", "capacity.start", "100", "capacity.step", "100",
        "capacity.maxRate", "200", "capacity.stepDuration", "3s");
    assertEquals(0, run.exitCode(), run.tail());
    assertTrue(run.output().contains("iot-pulsar-load: CAPACITY highest rate that held: "), run.tail());
    assertTrue(run.output().contains("capacity step 1 at 100 msg/s"), run.tail());
  }
}
