package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadShapeTest {

  @Test
  void plannedMessagesFollowTheProfile() {
    assertEquals(60_000, new LoadShape(1).hold(1_000, Duration.ofMinutes(1)).plannedMessages(), 1e-6);
    LoadShape ramp = new LoadShape(10).ramp(0, 50_000, Duration.ofSeconds(60)).hold(50_000, Duration.ofSeconds(60));
    assertEquals(1_500_000 + 3_000_000, ramp.plannedMessages(), 1e-6);
    assertEquals(Duration.ofSeconds(120), ramp.length());
    assertEquals(2, ramp.steps().size());
  }

  @Test
  void spikesAlternateBaselineAndSpikeAndCutTheLastPeriod() {
    // 25 s with a 5 s spike every 10 s: 5 base, 5 spike, 5 base, 5 spike, 5 base
    LoadShape shape = new LoadShape(1).spikes(100, 5, Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(25));
    assertEquals(5, shape.steps().size());
    assertEquals(3 * 5 * 100 + 2 * 5 * 500, shape.plannedMessages(), 1e-6);
    assertEquals(Duration.ofSeconds(25), shape.length());
  }

  @Test
  void aSpikeAsLongAsItsPeriodIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LoadShape(1)
        .spikes(100, 5, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60)));
  }
}
