package io.iotpulsarload.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stamp in its one-property form, the three properties of earlier versions, and what is not a stamp. */
class MessageStampsTest {

  @Test
  void oneStampPropertyCarriesRunInjectorAndSequence() {
    String stamp = MessageStamps.prefix("SteadyIoT-20261129-155501", "12") + 4711;
    assertEquals("SteadyIoT-20261129-155501/12/4711", stamp);
    assertEquals(new MessageStamps.Stamp("SteadyIoT-20261129-155501", "12", 4711),
        MessageStamps.read(Map.of(MessageStamps.STAMP, stamp)::get));
  }

  @Test
  void theThreePropertiesOfEarlierVersionsAreStillRead() {
    assertEquals(new MessageStamps.Stamp("run.a", "0", 7), MessageStamps.read(Map.of(MessageStamps.RUN, "run.a",
        MessageStamps.INJECTOR, "0", MessageStamps.SEQUENCE, "7")::get));
  }

  @Test
  void aMissingOrBrokenStampIsTold() {
    assertNull(MessageStamps.read(Map.<String, String>of()::get), "no stamp: another tool's message");
    assertEquals(new MessageStamps.Stamp("run", "0", -1), MessageStamps.read(Map.of(MessageStamps.STAMP, "run/0/x")::get));
    assertEquals(new MessageStamps.Stamp("just-a-run", null, -1),
        MessageStamps.read(Map.of(MessageStamps.STAMP, "just-a-run")::get));
    assertEquals(new MessageStamps.Stamp("run", null, -1),
        MessageStamps.read(Map.of(MessageStamps.RUN, "run")::get), "run only: no injector, no sequence");
  }
}
