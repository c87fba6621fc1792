package io.iotpulsarload.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  private static SequenceTracker feed(long... sequences) {
    SequenceTracker t = new SequenceTracker();
    for (long s : sequences) {
      t.onMessage("0/dev-0000001", s);
    }
    return t;
  }

  @Test
  void anUnbrokenSequenceHasNothingToReport() {
    SequenceTracker t = feed(0, 1, 2, 3);
    assertEquals(4, t.unique());
    assertEquals(0, t.duplicates());
    assertEquals(0, t.outOfOrder());
    assertEquals(0, t.lost(Map.of("0/dev-0000001", 4L), Set.of()));
  }

  @Test
  void aGapIsOneLostMessageAndAMissingTailCountsToo() {
    assertEquals(1, feed(0, 1, 3).lost(Map.of("0/dev-0000001", 4L), Set.of()));
    assertEquals(2, feed(0, 1).lost(Map.of("0/dev-0000001", 4L), Set.of()));
    assertEquals(3, feed().lost(Map.of("0/dev-0000001", 3L), Set.of()));
  }

  @Test
  void aRepublishedMessageIsADuplicate() {
    SequenceTracker t = feed(0, 1, 1, 2);
    assertEquals(1, t.duplicates());
    assertEquals(0, t.outOfOrder());
    assertEquals(0, t.lost(Map.of("0/dev-0000001", 3L), Set.of()));
  }

  @Test
  void twoSwappedMessagesAreOneOutOfOrder() {
    SequenceTracker t = feed(0, 2, 1, 3);
    assertEquals(1, t.outOfOrder());
    assertEquals(0, t.duplicates());
    assertEquals(0, t.lost(Map.of("0/dev-0000001", 4L), Set.of()));
  }

  @Test
  void aFailedSendIsNotLostButAnAcknowledgedGapIs() {
    SequenceTracker t = feed(0, 2, 4);
    Set<SequenceTracker.DeviceSequence> failed = Set.of(new SequenceTracker.DeviceSequence("0/dev-0000001", 1));
    assertEquals(1, t.lost(Map.of("0/dev-0000001", 5L), failed)); // 3 was acknowledged and never came
  }

  @Test
  void devicesAreTrackedApart() {
    SequenceTracker t = new SequenceTracker();
    t.onMessage("0/dev-0000001", 0);
    t.onMessage("1/dev-0000001", 0); // same device id from another injector: another stream
    t.onMessage("0/dev-0000002", 0);
    assertEquals(3, t.unique());
    assertEquals(0, t.duplicates());
  }
}
