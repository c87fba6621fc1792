package io.iotpulsarload.gatling.pulsar;

import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pulsar.client.api.Message;

/**
 * A check on a received Pulsar message, read as Gatling's checks read: find a part of the message
 * ({@link PulsarDsl#pulsarValue()}, {@link PulsarDsl#pulsarKey()}, {@link PulsarDsl#pulsarProperty(String)}, ...),
 * validate it ({@code is}, {@code not}, {@code in}, {@code exists}, {@code validate}), and {@code saveAs} it in the
 * virtual user's session. Immutable. A check that fails makes the request KO with its reason, e.g.
 * {@code pulsarProperty(status).is(ok), but actually found failed}.
 */
public final class PulsarCheck {

  /** A part of a received message, to validate. Immutable. */
  public static final class Find<X> {
    private final String name;
    private final Function<Message<?>, X> extract;

    Find(String name, Function<Message<?>, X> extract) {
      this.name = name;
      this.extract = extract;
    }

    /** Passes when the part equals {@code expected}; returns the check. */
    public PulsarCheck is(X expected) {
      return validate("is(" + expected + ")", (actual, session) -> Objects.equals(actual, expected));
    }

    /** Passes when the part equals the value computed from the session; returns the check. */
    public PulsarCheck is(Function<Session, X> expected) {
      return validate("is(<function>)", (actual, session) -> Objects.equals(actual, expected.apply(session)));
    }

    /** Passes when the part, as text, equals a Gatling EL string such as {@code "#{deviceId}"}; returns the check. */
    public PulsarCheck isEL(String expected) {
      Function<Session, String> el = GatlingAdapter.elFunction(expected, String.class);
      return validate("isEL(" + expected + ")",
          (actual, session) -> actual != null && String.valueOf(actual).equals(el.apply(session)));
    }

    /** Passes when the part differs from {@code unexpected}; returns the check. */
    public PulsarCheck not(X unexpected) {
      return validate("not(" + unexpected + ")", (actual, session) -> !Objects.equals(actual, unexpected));
    }

    /** Passes when the part is one of {@code expected}; returns the check. */
    @SafeVarargs
    @SuppressWarnings("varargs") // only read, into a copied list
    public final PulsarCheck in(X... expected) {
      return in(Arrays.asList(expected));
    }

    /** Passes when the part is one of {@code expected}; returns the check. */
    public PulsarCheck in(List<X> expected) {
      List<X> copy = List.copyOf(expected);
      return validate("in(" + copy + ")", (actual, session) -> copy.contains(actual));
    }

    /** Passes when the message has this part; returns the check. */
    public PulsarCheck exists() {
      return new PulsarCheck(name + ".exists", message -> extract.apply(message), (actual, session) -> actual != null,
          null, null);
    }

    /** Passes when the message does not have this part; returns the check. */
    public PulsarCheck notExists() {
      return new PulsarCheck(name + ".notExists", message -> extract.apply(message),
          (actual, session) -> actual == null, null, null);
    }

    /**
     * Passes when {@code validator} returns true for the part and the session, e.g.
     * {@code pulsarEventTime().validate("recent", (t, session) -> t > 0)}; returns the check.
     */
    public PulsarCheck validate(String name, java.util.function.BiPredicate<X, Session> validator) {
      return new PulsarCheck(this.name + "." + name, message -> extract.apply(message),
          (actual, session) -> actual != null && validator.test(cast(actual), session), null, null);
    }

    /** Checks the part exists and saves it in the session under {@code key}; returns the check. */
    public PulsarCheck saveAs(String key) {
      return exists().saveAs(key);
    }

    /** This part transformed, e.g. {@code pulsarText().transform(String::length)}; returns a new find. */
    public <Y> Find<Y> transform(Function<X, Y> transform) {
      return new Find<>(name + ".transform", message -> {
        X x = extract.apply(message);
        return x == null ? null : transform.apply(x);
      });
    }

    @SuppressWarnings("unchecked")
    private X cast(Object actual) {
      return (X) actual;
    }
  }

  /**
   * What the checks made of one message: the session with the values they saved, those values on their own, and
   * why they failed ({@code null}: passed).
   */
  public record Outcome(Session session, java.util.Map<String, Object> saved, String failure) {}

  private final String description;
  private final Function<Message<?>, Object> extract;
  private final java.util.function.BiPredicate<Object, Session> validator;
  private final String saveAs;
  private final Function<Session, Boolean> condition;

  private PulsarCheck(String description, Function<Message<?>, Object> extract,
      java.util.function.BiPredicate<Object, Session> validator, String saveAs, Function<Session, Boolean> condition) {
    this.description = description;
    this.extract = extract;
    this.validator = validator;
    this.saveAs = saveAs;
    this.condition = condition;
  }

  static PulsarCheck simple(String description, Predicate<Message<?>> predicate) {
    return new PulsarCheck(description, message -> predicate.test(message) ? Boolean.TRUE : null,
        (actual, session) -> actual != null, null, null);
  }

  /** Saves the part this check found in the session under {@code key} when the check passes; returns a new check. */
  public PulsarCheck saveAs(String key) {
    return new PulsarCheck(description, extract, validator, key, condition);
  }

  /** This check, applied only when {@code condition} holds for the session (Gatling's {@code checkIf}). */
  PulsarCheck onlyIf(Function<Session, Boolean> when) {
    return new PulsarCheck(description, extract, validator, saveAs, when);
  }

  /**
   * Applies the checks in order to a received message, as Gatling does: the first failure stops them and is the
   * request's KO message; values saved by the passing ones are in the returned session.
   */
  public static Outcome applyAll(List<PulsarCheck> checks, Message<?> message, Session session) {
    Session current = session;
    java.util.Map<String, Object> saved = new java.util.LinkedHashMap<>();
    for (PulsarCheck check : checks) {
      if (check.condition != null && !Boolean.TRUE.equals(check.condition.apply(current))) {
        continue;
      }
      Object actual;
      try {
        actual = check.extract.apply(message);
      } catch (RuntimeException e) {
        return new Outcome(current, saved, check.description + " could not read the message: " + e.getMessage());
      }
      boolean ok;
      try {
        ok = check.validator.test(actual, current);
      } catch (RuntimeException e) {
        return new Outcome(current, saved, check.description + " failed: " + e.getMessage());
      }
      if (!ok) {
        return new Outcome(current, saved, actual == null ? check.description + ", but found nothing"
            : check.description + ", but actually found " + actual);
      }
      if (check.saveAs != null) {
        current = current.set(check.saveAs, actual);
        saved.put(check.saveAs, actual);
      }
    }
    return new Outcome(current, saved, null);
  }

  @Override
  public String toString() {
    return description;
  }
}
