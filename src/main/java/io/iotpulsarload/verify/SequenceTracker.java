package io.iotpulsarload.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-device sequence bookkeeping of received messages: duplicates, out-of-order arrivals, and (at the end)
 * messages never received. Single-threaded: the verifying consumer feeds it from its one listener thread.
 *
 * <p>Each device's sequence starts at 0 and has no gaps on the producer side. A number above the next expected
 * one opens a gap; a number inside a gap is a late (out-of-order) arrival; a number already received is a
 * duplicate.
 */
public final class SequenceTracker {

  /** Receive-side state of one device. */
  private static final class Device {
    long next;
    long unique;
    TreeSet<Long> missing; // created on the first gap only
  }

  private final Map<String, Device> devices = new HashMap<>();
  private long received;
  private long unique;
  private long duplicates;
  private long outOfOrder;

  /** Counts one received message of {@code device} with sequence number {@code sequence}. */
  public void onMessage(String device, long sequence) {
    received++;
    Device d = devices.computeIfAbsent(device, k -> new Device());
    if (sequence == d.next) {
      d.next++;
      d.unique++;
      unique++;
    } else if (sequence > d.next) {
      if (d.missing == null) {
        d.missing = new TreeSet<>();
      }
      for (long s = d.next; s < sequence; s++) {
        d.missing.add(s);
      }
      d.next = sequence + 1;
      d.unique++;
      unique++;
    } else if (d.missing != null && d.missing.remove(sequence)) {
      outOfOrder++;
      d.unique++;
      unique++;
    } else {
      duplicates++;
    }
  }

  /** How many of these (device, sequence) pairs were received, e.g. failed sends the broker stored anyway. */
  public long receivedOf(Set<DeviceSequence> sends) {
    return sends.stream().filter(f -> wasReceived(f.device(), f.sequence())).count();
  }

  public long received() {
    return received;
  }

  public long duplicates() {
    return duplicates;
  }

  public long outOfOrder() {
    return outOfOrder;
  }

  /** Distinct messages received. */
  public long unique() {
    return unique;
  }

  /**
   * Messages the broker acknowledged but that never arrived.
   *
   * @param sentPerDevice how many sequence numbers each device used (0 .. n-1)
   * @param failed        sends that failed (device, sequence): not lost, they were never acknowledged
   */
  public long lost(Map<String, Long> sentPerDevice, Set<DeviceSequence> failed) {
    long lost = 0;
    for (Map.Entry<String, Long> e : sentPerDevice.entrySet()) {
      lost += e.getValue() - receivedBelow(devices.get(e.getKey()), e.getValue());
    }
    long failedNotReceived = failed.stream().filter(f -> !wasReceived(f.device(), f.sequence())).count();
    return Math.max(0, lost - failedNotReceived);
  }

  /**
   * Distinct messages received that the run never sent: a device absent from {@code sentPerDevice}, or a sequence
   * number at or above the device's count. Not 0 means the verifier's picture of what was sent is wrong (or
   * someone else publishes with this run's stamps), so its "lost" cannot be trusted.
   */
  public long unexpected(Map<String, Long> sentPerDevice) {
    long unexpected = 0;
    for (Map.Entry<String, Device> e : devices.entrySet()) {
      Device d = e.getValue();
      unexpected += d.unique - receivedBelow(d, sentPerDevice.getOrDefault(e.getKey(), 0L));
    }
    return unexpected;
  }

  /** Up to {@code max} devices with messages never received, as "device: sent N, missing [..]". */
  public List<String> lostExamples(Map<String, Long> sentPerDevice, int max) {
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Long> e : sentPerDevice.entrySet()) {
      Device d = devices.get(e.getKey());
      long sent = e.getValue();
      if (examples.size() < max && receivedBelow(d, sent) < sent) {
        List<Long> missing = new ArrayList<>();
        for (long s = 0; s < sent && missing.size() < 10; s++) {
          if (!wasReceived(e.getKey(), s)) {
            missing.add(s);
          }
        }
        examples.add(e.getKey() + ": sent " + sent + ", never received " + missing);
      }
    }
    return examples;
  }

  /** Up to {@code max} devices that brought messages the run never sent, as "device: sent N, received up to M". */
  public List<String> unexpectedExamples(Map<String, Long> sentPerDevice, int max) {
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Device> e : devices.entrySet()) {
      long sent = sentPerDevice.getOrDefault(e.getKey(), 0L);
      if (examples.size() < max && e.getValue().unique > receivedBelow(e.getValue(), sent)) {
        examples.add(e.getKey() + ": sent " + sent + ", received up to sequence " + (e.getValue().next - 1));
      }
    }
    return examples;
  }

  /** Distinct sequence numbers below {@code limit} that a device's messages brought. */
  private static long receivedBelow(Device d, long limit) {
    if (d == null) {
      return 0;
    }
    long upTo = Math.min(d.next, limit);
    long missing = d.missing == null ? 0 : d.missing.headSet(upTo).size();
    return upTo - missing;
  }

  /** Whether this device's message with this sequence number was received. */
  public boolean wasReceived(String device, long sequence) {
    Device d = devices.get(device);
    return d != null && sequence < d.next && (d.missing == null || !d.missing.contains(sequence));
  }

  /** A device's message: the key of failed-send bookkeeping. */
  public record DeviceSequence(String device, long sequence) {}
}
