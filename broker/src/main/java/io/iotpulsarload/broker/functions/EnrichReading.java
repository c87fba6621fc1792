package io.iotpulsarload.broker.functions;

import java.util.HashMap;
import java.util.Map;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import org.apache.pulsar.functions.api.Context;
import org.apache.pulsar.functions.api.Function;
import org.apache.pulsar.functions.api.Record;

/**
 * A real Pulsar Function, the 1:1 stage of the tool's stage contract (docs/pipeline.md): each reading is passed on
 * to the output topic, enriched with a property, its key, properties ({@code iot.stamp}) and event time copied, so
 * the run can time the stage and count what never came out. Deployed by the tests to the embedded broker's
 * functions worker (thread runtime); acknowledges its input once the output is written (processing guarantee
 * MANUAL), and has the input redelivered when the write fails.
 */
public class EnrichReading implements Function<byte[], Void> {

  @Override
  public Void process(byte[] reading, Context context) throws Exception {
    Record<?> in = context.getCurrentRecord();
    Map<String, String> properties = new HashMap<>(in.getProperties());
    properties.put("enriched-by", context.getFunctionName());
    TypedMessageBuilder<byte[]> out = context.newOutputMessage(context.getOutputTopic(), Schema.BYTES)
        .value(reading)
        .properties(properties);
    in.getKey().ifPresent(out::key);
    in.getEventTime().ifPresent(out::eventTime);
    out.sendAsync().whenComplete((id, error) -> {
      if (error == null) {
        in.ack();
      } else {
        in.fail();
      }
    });
    return null;
  }
}
