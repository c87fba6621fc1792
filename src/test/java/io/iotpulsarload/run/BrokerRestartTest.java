package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.testing.GatlingFork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The broker killed (kill -9) mid-run and started again on its data: the producer reconnects by itself and acks
 * resume, the run ends by itself, every message is accounted for, no acknowledged message is lost, and every KO
 * is classified delivered anyway or not delivered.
 */
class BrokerRestartTest {

  @Test
  void aBrokerKilledAndRestartedOnItsDataLosesNothingAcknowledged() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start(Path.of("target", "embedded-broker",
        "restart-" + ProcessHandle.current().pid()));
    EmbeddedBroker restarted = null;
    try {
      Map<String, String> p = new HashMap<>();
      p.put("pulsar.url", broker.serviceUrl());
      p.put("pulsar.adminUrl", broker.adminUrl());
      p.put("rate", "300");
      p.put("duration", "60s");
      p.put("progressInterval", "2s");
      p.put("pulsar.sendTimeout", "5s");
      p.put("verify", "true");
      p.put("gate.maxKoPercent", "100");
      p.put("gate.p99Ms", "1000000");
      p.put("gate.e2eP99Ms", "1000000");
      p.put("gate.minRatePercent", "0");
      GatlingFork.Running running = GatlingFork.start("simulations.SteadyIoT", p);
      long ackedBeforeKill = running.awaitProgressLines(2, 180);
      broker.kill();
      restarted = broker.restartOnSameData(); // returns once a message is acknowledged again
      long ackedAtRestart = running.lastAcked();
      GatlingFork.Result run = running.await(300);

      assertEquals(0, run.exitCode(), run.tail());
      Matcher v = Pattern.compile("verification: sent=(\\d+) acked=(\\d+) failed=(\\d+)(?: \\(delivered anyway=(\\d+)"
          + " not delivered=(\\d+)\\))? received=\\d+ lost=(\\d+)").matcher(run.output());
      assertTrue(v.find(), run.tail());
      long sent = Long.parseLong(v.group(1));
      long acked = Long.parseLong(v.group(2));
      long failed = Long.parseLong(v.group(3));
      assertEquals(sent, acked + failed, "sent = acked + failed");
      if (failed > 0) {
        assertEquals(failed, Long.parseLong(v.group(4)) + Long.parseLong(v.group(5)), "every KO classified");
      }
      assertEquals(0, Long.parseLong(v.group(6)), "no acknowledged message lost");
      assertTrue(acked > Math.max(ackedBeforeKill, ackedAtRestart), "acks resumed after the restart: "
          + ackedBeforeKill + " before the kill, " + ackedAtRestart + " at the restart, " + acked + " in the end");
      Matcher outage = Pattern.compile("iot-pulsar-load: outage \\S+ to \\S+ \\((\\d+) s\\): (\\d+) sends failed, "
          + "first acknowledgement (\\d+) s after its start").matcher(run.output());
      assertTrue(outage.find(), "the outage is reported:\n" + run.tail());
      assertEquals(failed, Long.parseLong(outage.group(2)), "the outage's failed sends are the run's");
      assertTrue(Long.parseLong(outage.group(3)) >= 5, "it lasted while the broker was down and restarting");
      long[] published = run.published();
      assertEquals(published[0], published[1] + published[2], "every message accounted for");
    } finally {
      if (restarted != null) {
        restarted.close();
      }
      broker.close();
    }
  }



}
