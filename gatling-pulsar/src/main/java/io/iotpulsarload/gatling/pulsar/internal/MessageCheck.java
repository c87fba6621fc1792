package io.iotpulsarload.gatling.pulsar.internal;

import io.gatling.javaapi.core.Session;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.pulsar.client.api.Message;

/**
 * A check on a received message as the actions run it (the DSL's {@code PulsarCheck} builds them): find a part,
 * validate it, maybe save it, maybe only when a condition holds.
 *
 * @param description what it checks, as a failure shows it
 * @param extract     the part of the message, {@code null} when the message has none
 * @param validator   whether the part passes, given the session
 * @param saveAs      the session attribute the part is saved under when it passes, or {@code null}
 * @param condition   when to apply the check ({@code checkIf}), or {@code null}: always
 */
public record MessageCheck(String description, Function<Message<?>, Object> extract,
    BiPredicate<Object, Session> validator, String saveAs, Function<Session, Boolean> condition) {

  /**
   * What the checks made of one message: the session with the values they saved, those values on their own, and
   * why they failed ({@code null}: passed).
   */
  public record Outcome(Session session, java.util.Map<String, Object> saved, String failure) {}

  public MessageCheck withSaveAs(String key) {
    return new MessageCheck(description, extract, validator, key, condition);
  }

  public MessageCheck withCondition(Function<Session, Boolean> when) {
    return new MessageCheck(description, extract, validator, saveAs, when);
  }

  /**
   * Applies the checks in order to a received message, as Gatling does: the first failure stops them and is the
   * request's KO message; values saved by the passing ones are in the returned session.
   */
  public static Outcome applyAll(List<MessageCheck> checks, Message<?> message, Session session) {
    Session current = session;
    java.util.Map<String, Object> saved = new java.util.LinkedHashMap<>();
    for (MessageCheck check : checks) {
      if (check.condition() != null && !Boolean.TRUE.equals(check.condition().apply(current))) {
        continue;
      }
      Object actual;
      try {
        actual = check.extract().apply(message);
      } catch (RuntimeException e) {
        return new Outcome(current, saved, check.description() + " could not read the message: " + e.getMessage());
      }
      boolean ok;
      try {
        ok = check.validator().test(actual, current);
      } catch (RuntimeException e) {
        return new Outcome(current, saved, check.description() + " failed: " + e.getMessage());
      }
      if (!ok) {
        return new Outcome(current, saved, actual == null ? check.description() + ", but found nothing"
            : check.description() + ", but actually found " + actual);
      }
      if (check.saveAs() != null) {
        current = current.set(check.saveAs(), actual);
        saved.put(check.saveAs(), actual);
      }
    }
    return new Outcome(current, saved, null);
  }

}
