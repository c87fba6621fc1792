package io.iotpulsarload.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InjectorSliceTest {

  @Test
  void slicesAreDisjointCoverThePoolAndRatesSumExactly() {
    for (int count : new int[] {1, 2, 3, 7}) {
      for (long pool : new long[] {7, 10, 17_000, 100_000, 100_003}) {
        long covered = 0;
        long expectedStart = 0;
        double rateSum = 0;
        long wholeRateSum = 0;
        for (int i = 0; i < count; i++) {
          InjectorSlice slice = new InjectorSlice(i, count);
          assertEquals(expectedStart, slice.start(pool), "slices are contiguous and disjoint");
          assertTrue(slice.length(pool) >= pool / count && slice.length(pool) <= pool / count + 1, "balanced");
          expectedStart += slice.length(pool);
          covered += slice.length(pool);
          rateSum += slice.share(50_000.5);
          wholeRateSum += (long) slice.share(1_000);
        }
        assertEquals(pool, covered, count + " injectors over " + pool);
        assertEquals(50_000.5, rateSum, 1e-9);
        assertEquals(1_000, wholeRateSum);
      }
    }
  }

  @Test
  void devicePoolsOfDifferentInjectorsHaveDisjointIds() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      DevicePool pool = new DevicePool(1_000, 500, new InjectorSlice(i, 3), 1);
      for (int p = 0; p < pool.size(); p++) {
        assertTrue(seen.add(pool.deviceId(p)), "device " + pool.deviceId(p) + " owned twice");
      }
    }
    assertEquals(1_000, seen.size());
    assertTrue(seen.contains("dev-0000500") && seen.contains("dev-0001499"));
  }

  @Test
  void badCombinationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new InjectorSlice(3, 3));
    assertThrows(IllegalArgumentException.class, () -> new InjectorSlice(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> new InjectorSlice(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new DevicePool(2, 0, new InjectorSlice(0, 3), 1));
  }
}
