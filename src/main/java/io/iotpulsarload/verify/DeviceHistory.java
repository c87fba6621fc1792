package io.iotpulsarload.verify;

import com.iot.pipeline.model.SensorData;
import java.util.HashMap;
import java.util.Map;

/**
 * What the verifier remembers of each device, to catch readings that are valid alone but contradict their
 * device's earlier ones: a device's type and location never change, and its counters (errors, packets, bytes)
 * never decrease from one reading to the next of its sequence. One consumer thread only.
 */
final class DeviceHistory {

  private record Seen(String type, double latitude, double longitude, double altitude, long sequence,
      int errorCount, long packetsSent, long packetsReceived, long bytesSent, long bytesReceived) {

    static Seen of(SensorData d, long sequence) {
      return new Seen(d.getDeviceType(), d.getLatitude(), d.getLongitude(), d.getAltitude(), sequence,
          d.getErrorCount(), d.getPacketsSent(), d.getPacketsReceived(), d.getBytesSent(), d.getBytesReceived());
    }
  }

  private final Map<String, Seen> devices = new HashMap<>();

  /** How this reading contradicts its device's earlier readings, or {@code null}; remembers it when it does not. */
  String problem(SensorData d, long sequence) {
    Seen now = Seen.of(d, sequence);
    Seen before = devices.get(d.getDeviceId());
    String problem = null;
    if (before != null) {
      if (!before.type().equals(now.type()) || before.latitude() != now.latitude()
          || before.longitude() != now.longitude() || before.altitude() != now.altitude()) {
        problem = "device attributes of " + d.getDeviceId() + " changed: type/location " + before.type() + " "
            + before.latitude() + "," + before.longitude() + " became " + now.type() + " " + now.latitude() + ","
            + now.longitude();
      } else if (sequence > before.sequence() && (now.errorCount() < before.errorCount()
          || now.packetsSent() < before.packetsSent() || now.packetsReceived() < before.packetsReceived()
          || now.bytesSent() < before.bytesSent() || now.bytesReceived() < before.bytesReceived())) {
        problem = "counters of " + d.getDeviceId() + " decreased from sequence " + before.sequence() + " to "
            + sequence;
      }
    }
    if (problem == null && (before == null || sequence > before.sequence())) { // a device's last good reading
      devices.put(d.getDeviceId(), now);
    }
    return problem;
  }
}
