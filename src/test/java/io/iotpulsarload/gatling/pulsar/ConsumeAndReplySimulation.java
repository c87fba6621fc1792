package io.iotpulsarload.gatling.pulsar;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarCheck;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarEventTime;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarKey;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarKeyOrder;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarProperty;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarText;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsarValue;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.waitForReplies;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Consume, request-reply and checks through the public DSL against a real echo service (run by
 * {@code ConsumeAndReplyTest}, which starts the service and reads Gatling's verdicts): the round trip includes the
 * service's delay, a check that must fail fails with its reason, a reply that never comes is "timeout after 1 s".
 */
public class ConsumeAndReplySimulation extends Simulation {

  /** How many users share the Key_Shared subscription. */
  public static final int CONSUMERS = 3;

  /** How many readings the test publishes before the run; each reader receives them all. */
  public static final int READINGS = 20;

  private final String url = System.getProperty("pulsar.url");
  private final String requests = System.getProperty("probe.requests");
  private final String replies = System.getProperty("probe.replies");
  private final String readings = System.getProperty("probe.readings");
  private final String keyed = System.getProperty("probe.keyed");
  private final int users = Integer.getInteger("probe.users", 10);
  private final long echoDelayMs = Long.getLong("probe.echoDelayMs", 40);

  private final Iterator<Map<String, Object>> ids = IntStream.range(0, Integer.MAX_VALUE)
      .mapToObj(i -> Map.<String, Object>of("id", "req-" + i, "n", i))
      .iterator();

  {
    setUp(
        scenario("request-reply")
            .feed(ids)
            .exec(pulsar("echo")
                .send("request #{n}").topic(requests).key("#{id}")
                .replyFrom(replies, Schema.STRING)
                .await(Duration.ofSeconds(10))
                .check(pulsarText().isEL("echo: request #{n}"), pulsarKey().isEL("#{id}"),
                    pulsarProperty("service").is("echo").saveAs("service")))
            .exec(pulsar("echo by property")
                .send("request #{n}").topic(requests).key("#{id}-p").property("correlationId", "#{id}")
                .replyFrom(replies, Schema.STRING)
                .matchByProperty("correlationId")
                .check(pulsarValue().is(session -> "echo: request " + session.getInt("n")))
                .checkIf("#{service.exists()}", pulsarCheck("from the service saved above",
                    m -> "echo".equals(m.getProperty("service")))))
            .exec(pulsar("failing check")
                .send("request #{n}").topic(requests).key("#{id}-f")
                .replyFrom(replies)
                .check(pulsarProperty("service").is("not-echo")))
            .exec(pulsar("silent")
                .send("request #{n}").topic(requests).key("silent-#{id}")
                .replyFrom(replies)
                .await(Duration.ofSeconds(1)))
            .exec(pulsar("echo expected")
                .send("request #{n}").topic(requests).key("#{id}-e")
                .replyFrom(replies, Schema.STRING)
                .expect(Duration.ofSeconds(10))
                .check(pulsarText().saveAs("expectedReply")))
            .exec(waitForReplies())
            .exec(session -> {
              if (!session.getString("expectedReply").equals("echo: request " + session.getInt("n"))) {
                throw new IllegalStateException("waitForReplies did not bring the saved reply");
              }
              return session;
            })
            .injectOpen(atOnceUsers(users)),
        scenario("readers")
            .feed(IntStream.range(0, Integer.MAX_VALUE).mapToObj(i -> Map.<String, Object>of("reader", "reader-" + i))
                .iterator())
            // each reader its own subscription: both read all of the readings
            .exec(pulsar("read")
                .consume(Schema.STRING, readings)
                .subscriptionName("#{reader}")
                .subscriptionType(SubscriptionType.Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .messages(READINGS)
                .timeout(Duration.ofSeconds(20))
                .check(pulsarKey().exists(), pulsarEventTime().validate("set", (t, s) -> t > 0),
                    pulsarEventTime().gte(1_700_000_000_000L), pulsarEventTime().lt(1_700_000_000_000L + READINGS)))
            .exec(pulsar("read past the end")
                .consume(readings)
                .subscriptionName("#{reader}")
                .subscriptionType(SubscriptionType.Shared)
                .timeout(Duration.ofSeconds(1)))
            .injectOpen(atOnceUsers(2)),
        scenario("key-shared consumers")
            .feed(IntStream.range(0, Integer.MAX_VALUE).mapToObj(i -> Map.<String, Object>of("consumer", "c" + i))
                .iterator())
            // consumer load: several users on one Key_Shared subscription, each its own line in the report
            .exec(pulsar("receive #{consumer}")
                .consume(Schema.STRING, keyed)
                .subscriptionName("key-shared")
                .subscriptionType(SubscriptionType.Key_Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .receiverQueueSize(5)
                .receiveFor(Duration.ofSeconds(6))
                .check(pulsarKeyOrder(m -> Long.valueOf(m.getProperty("seq")))))
            .injectOpen(atOnceUsers(CONSUMERS)))
        .protocols(pulsar().serviceUrl(url).enableBatching(false))
        .assertions(
            details("echo").failedRequests().count().is(0L),
            details("echo").successfulRequests().count().is((long) users),
            // the round trip includes the service's delay: timed to the reply, not to the send's acknowledgement
            details("echo").responseTime().min().gte((int) echoDelayMs),
            details("echo by property").failedRequests().count().is(0L),
            details("echo expected").successfulRequests().count().is((long) users),
            details("failing check").failedRequests().percent().is(100.0),
            details("silent").failedRequests().percent().is(100.0),
            details("read").successfulRequests().count().is(2L * READINGS),
            details("read past the end").failedRequests().count().is(2L));
  }
}
