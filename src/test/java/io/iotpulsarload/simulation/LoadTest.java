package io.iotpulsarload.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iotpulsarload.run.LoadPlan;
import io.iotpulsarload.sensor.InjectorSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTest {

  private final List<LoadPlan> planned = new ArrayList<>();

  private Load load(int messagesPerUser) {
    return new Load(planned::add, new InjectorSlice(0, 1), messagesPerUser);
  }

  @Test
  void plannedMessagesFollowTheProfile() {
    assertEquals(60_000, load(1).hold(1_000, Duration.ofMinutes(1)).plannedMessages(), 1e-6);
    Load ramp = load(10).ramp(0, 50_000, Duration.ofSeconds(60)).hold(50_000, Duration.ofSeconds(60));
    assertEquals(1_500_000 + 3_000_000, ramp.plannedMessages(), 1e-6);
    assertEquals(Duration.ofSeconds(120), ramp.length());
    assertEquals(2, ramp.steps().size());
    assertEquals(List.of(4_500_000.0), planned.stream().map(LoadPlan::messages).toList(),
        "handing the steps to Gatling tells the run what the profile plans");
  }

  @Test
  void everyRateIsThisInjectorsShareOfTheTotal() {
    Load third = new Load(planned::add, new InjectorSlice(1, 3), 1).hold(3_000, Duration.ofSeconds(10));
    assertEquals(10_000, third.plannedMessages(), 1e-6);
  }

  @Test
  void spikesAlternateBaselineAndSpikeAndCutTheLastPeriod() {
    // 25 s with a 5 s spike every 10 s: 5 base, 5 spike, 5 base, 5 spike, 5 base
    Load shape = load(1).spikes(100, 5, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25));
    assertEquals(5, shape.steps().size());
    assertEquals(3 * 5 * 100 + 2 * 5 * 500, shape.plannedMessages(), 1e-6);
    assertEquals(Duration.ofSeconds(25), shape.length());
  }

  @Test
  void spikesFallAtTheEndOfEachPeriod() {
    load(1).spikes(100, 5, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25)).steps();
    assertEquals(List.of(
            new LoadPlan.Segment(5_000, 100, 100), new LoadPlan.Segment(5_000, 500, 500),
            new LoadPlan.Segment(5_000, 100, 100), new LoadPlan.Segment(5_000, 500, 500),
            new LoadPlan.Segment(5_000, 100, 100)),
        planned.get(0).segments());
    // at a given moment the plan's rate is the spike's only inside a spike
    assertEquals(500, planned.get(0).messagesUntil(10_000) - planned.get(0).messagesUntil(9_000), 1e-6);
    assertEquals(100, planned.get(0).messagesUntil(11_000) - planned.get(0).messagesUntil(10_000), 1e-6);
  }

  @Test
  void aWarmupRisesToTheHighestRateTheLoadReachesInItsFirstSeconds() {
    load(1).spikes(100, 5, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25)).steps();
    assertEquals(100, planned.get(0).maxRateWithin(5_000), 1e-6, "before the first spike");
    assertEquals(500, planned.get(0).maxRateWithin(6_000), 1e-6, "a spike within the window");
    planned.clear();
    load(1).ramp(0, 50_000, Duration.ofSeconds(60)).steps();
    assertEquals(50_000 / 6.0, planned.get(0).maxRateWithin(10_000), 1e-6, "a ramp: where it stands at the end");
    assertEquals(50_000, planned.get(0).maxRateWithin(Long.MAX_VALUE), 1e-6);
    assertEquals(0, planned.get(0).maxRateWithin(0), 1e-6);
  }

  @Test
  void aSpikeAsLongAsItsPeriodIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> load(1)
        .spikes(100, 5, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60)));
  }

  @Test
  void stairsPlanEachStepAndAStoppedSearchPlansOnlyWhatCameBefore() {
    Load stairs = load(1).stairs(100, 100, 3, Duration.ofSeconds(10));
    assertEquals(1_000 + 2_000 + 3_000, stairs.plannedMessages(), 1e-6);
    stairs.steps();
    assertEquals(1_000 + 2_000 / 2.0, planned.get(0).messagesUntil(15_000), 1e-6);
  }

  @Test
  void devicesPlanOneReadingPerDevicePerStartedInterval() {
    assertEquals(100 * 3, load(1).devices(100, Duration.ofSeconds(1), Duration.ofSeconds(3)).plannedMessages(),
        1e-6);
    assertEquals(100 * 3, load(1).devices(100, Duration.ofSeconds(1), Duration.ofMillis(2_500)).plannedMessages(),
        1e-6);
  }
}
