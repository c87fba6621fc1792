package io.iotpulsarload.gatling.pulsar;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.internal.PulsarComponents;
import io.iotpulsarload.gatling.pulsar.internal.PulsarProtocol;
import io.iotpulsarload.gatling.pulsar.internal.WaitForRepliesAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.schema.GenericObject;

/**
 * The entry point of the Pulsar DSL for Gatling, to import statically beside {@code CoreDsl}:
 *
 * <pre>{@code
 * PulsarProtocolBuilder protocol = pulsar().serviceUrl("pulsar://127.0.0.1:6650").topic("iot-sensor-data");
 * ScenarioBuilder scn = scenario("devices").exec(pulsar("send reading").send("#{payload}").key("#{deviceId}"));
 * }</pre>
 */
public final class PulsarDsl {

  private PulsarDsl() {}

  /**
   * Starts a protocol; its first step sets the one mandatory setting, the broker service URL.
   *
   * @return the step that takes the service URL
   */
  public static PulsarProtocolBuilder.ServiceUrlStep pulsar() {
    return PulsarProtocolBuilder.ServiceUrlStep.INSTANCE;
  }

  /**
   * Starts a request.
   *
   * @param requestName the name in the report, a static text or a Gatling EL string
   * @return the step that chooses what to send
   */
  public static PulsarRequestBuilder pulsar(String requestName) {
    return new PulsarRequestBuilder(requestName, GatlingAdapter.elFunction(requestName, String.class));
  }

  /**
   * Starts a request whose name is computed from the session.
   *
   * @param requestName the name in the report, as a function of the session
   * @return the step that chooses what to send
   */
  public static PulsarRequestBuilder pulsar(Function<Session, String> requestName) {
    return new PulsarRequestBuilder("pulsar", requestName);
  }

  /**
   * Waits for the replies of this virtual user's non-blocking request-replies ({@code expect(..)}): their saved
   * values join the session, and a reply that failed or timed out fails the user.
   *
   * @return the action
   */
  public static ActionBuilder waitForReplies() {
    return () -> new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        PulsarComponents components = ctx.protocolComponentsRegistry().components(PulsarProtocol.KEY);
        return new WaitForRepliesAction(components.pendingReplies(), next);
      }
    };
  }

  /**
   * Checks the message's value as its schema decoded it: the typed value, or for {@code AUTO_CONSUME} the native
   * object (a String, an Avro {@code GenericRecord}, a Jackson {@code JsonNode}, bytes).
   *
   * @return the find step of the check
   */
  public static PulsarCheck.Find<Object> pulsarValue() {
    return new PulsarCheck.Find<>("pulsarValue", message -> {
      Object value = message.getValue();
      return value instanceof GenericObject generic ? generic.getNativeObject() : value;
    });
  }

  /**
   * Checks the message's value as its schema decoded it, as a {@code type}, e.g.
   * {@code pulsarValue(Reading.class).transform(Reading::temperature).is(21.5)}; a value of another type fails the
   * check.
   *
   * @param type the class of the consume's schema, e.g. the record given to {@code Schema.JSON(..)}
   * @return the find step of the check
   */
  public static <V> PulsarCheck.Find<V> pulsarValue(Class<V> type) {
    return new PulsarCheck.Find<>("pulsarValue(" + type.getSimpleName() + ")", message -> {
      Object value = message.getValue();
      Object v = value instanceof GenericObject generic ? generic.getNativeObject() : value;
      return v == null ? null : type.cast(v);
    });
  }

  /**
   * Checks the message's payload as UTF-8 text, whatever its schema.
   *
   * @return the find step of the check
   */
  public static PulsarCheck.Find<String> pulsarText() {
    return new PulsarCheck.Find<>("pulsarText", message -> new String(message.getData(), StandardCharsets.UTF_8));
  }

  /**
   * Checks the message's key; a message without one has none ({@code notExists}).
   *
   * @return the find step of the check
   */
  public static PulsarCheck.Find<String> pulsarKey() {
    return new PulsarCheck.Find<>("pulsarKey", message -> message.hasKey() ? message.getKey() : null);
  }

  /**
   * Checks a message property.
   *
   * @param name the property's name
   * @return the find step of the check
   */
  public static PulsarCheck.Find<String> pulsarProperty(String name) {
    return new PulsarCheck.Find<>("pulsarProperty(" + name + ")", message -> message.getProperty(name));
  }

  /**
   * Checks the message's event time (epoch ms); a message sent without one has none.
   *
   * @return the find step of the check
   */
  public static PulsarCheck.Find<Long> pulsarEventTime() {
    return new PulsarCheck.Find<>("pulsarEventTime",
        message -> message.getEventTime() > 0 ? message.getEventTime() : null);
  }

  /**
   * Checks any part of the message a function reads, e.g. {@code pulsarMessage("topic", Message::getTopicName)}.
   *
   * @param name     the part's name, as failures show it
   * @param extract  reads the part from the message; {@code null} when the message has none
   * @return the find step of the check
   */
  public static <X> PulsarCheck.Find<X> pulsarMessage(String name, Function<Message<?>, X> extract) {
    return new PulsarCheck.Find<>(name, extract);
  }

  /**
   * A check that passes when the predicate holds for the message (Gatling JMS's {@code simpleCheck}).
   *
   * @param description what it checks, as a failure shows it
   * @param predicate   true when the message passes
   * @return the check
   */
  public static PulsarCheck pulsarCheck(String description, Predicate<Message<?>> predicate) {
    return PulsarCheck.simple(description, predicate);
  }

  /**
   * A check that the messages of each key come in order to each virtual user, as Key_Shared and Failover
   * subscriptions promise: the sequence the function reads (e.g. {@code m -> Long.valueOf(m.getProperty("seq"))},
   * or {@code Message::getEventTime}) grows from one message of a key to the next.
   *
   * @param sequence reads a message's position in its key's order
   * @return the check
   */
  public static PulsarCheck pulsarKeyOrder(Function<Message<?>, Long> sequence) {
    return PulsarCheck.keyOrder(sequence);
  }
}
