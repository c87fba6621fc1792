package io.iotpulsarload.gatling.pulsar;

import io.gatling.javaapi.core.Session;
import io.iotpulsarload.gatling.pulsar.internal.GatlingAdapter;
import io.iotpulsarload.gatling.pulsar.internal.MessageCheck;
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

    /** Passes when the part is less than {@code bound} (numbers by value, else by their natural order); returns the check. */
    public PulsarCheck lt(X bound) {
      return compared("lt", bound, order -> order < 0);
    }

    /** Passes when the part is at most {@code bound}; returns the check. */
    public PulsarCheck lte(X bound) {
      return compared("lte", bound, order -> order <= 0);
    }

    /** Passes when the part is greater than {@code bound}; returns the check. */
    public PulsarCheck gt(X bound) {
      return compared("gt", bound, order -> order > 0);
    }

    /** Passes when the part is at least {@code bound}; returns the check. */
    public PulsarCheck gte(X bound) {
      return compared("gte", bound, order -> order >= 0);
    }

    private PulsarCheck compared(String operator, X bound, java.util.function.IntPredicate holds) {
      return validate(operator + "(" + bound + ")", (actual, session) -> holds.test(order(actual, bound)));
    }

    @SuppressWarnings("unchecked")
    private static int order(Object actual, Object bound) {
      if (actual instanceof Number a && bound instanceof Number b) {
        return Double.compare(a.doubleValue(), b.doubleValue());
      }
      return ((Comparable<Object>) actual).compareTo(bound); // not comparable: the check fails, saying why
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

  private final MessageCheck check;

  private PulsarCheck(String description, Function<Message<?>, Object> extract,
      java.util.function.BiPredicate<Object, Session> validator, String saveAs, Function<Session, Boolean> condition) {
    this(new MessageCheck(description, extract, validator, saveAs, condition));
  }

  private PulsarCheck(MessageCheck check) {
    this.check = check;
  }

  /** The engine's side of the check, for the actions. */
  static List<MessageCheck> engineSide(List<PulsarCheck> checks) {
    return checks.stream().map(c -> c.check).toList();
  }

  static PulsarCheck simple(String description, Predicate<Message<?>> predicate) {
    return new PulsarCheck(description, message -> predicate.test(message) ? Boolean.TRUE : null,
        (actual, session) -> actual != null, null, null);
  }

  /**
   * Messages of each key in order for each virtual user: the sequence {@code sequence} reads grows from one message
   * of a key to the next. The last sequence per user and key is kept for the run.
   */
  static PulsarCheck keyOrder(Function<Message<?>, Long> sequence) {
    java.util.Map<Long, java.util.Map<String, Long>> lastByUser = new java.util.concurrent.ConcurrentHashMap<>();
    return new PulsarCheck("pulsarKeyOrder",
        message -> new KeyedSequence(message.hasKey() ? message.getKey() : "", sequence.apply(message)),
        (actual, session) -> {
          KeyedSequence next = (KeyedSequence) actual;
          if (next.sequence == null) {
            return false;
          }
          java.util.Map<String, Long> last =
              lastByUser.computeIfAbsent(session.userId(), user -> new java.util.concurrent.ConcurrentHashMap<>());
          next.previous = last.put(next.key, next.sequence);
          return next.previous == null || next.sequence > next.previous;
        }, null, null);
  }

  /** A message's key and sequence, and the sequence of the key's message before it (as a failure shows them). */
  private static final class KeyedSequence {
    private final String key;
    private final Long sequence;
    private Long previous;

    KeyedSequence(String key, Long sequence) {
      this.key = key;
      this.sequence = sequence;
    }

    @Override
    public String toString() {
      return "key " + key + " at " + sequence + (previous == null ? "" : " after " + previous);
    }
  }

  /** Saves the part this check found in the session under {@code key} when the check passes; returns a new check. */
  public PulsarCheck saveAs(String key) {
    return new PulsarCheck(check.withSaveAs(key));
  }

  /** This check, applied only when {@code condition} holds for the session (Gatling's {@code checkIf}). */
  PulsarCheck onlyIf(Function<Session, Boolean> when) {
    return new PulsarCheck(check.withCondition(when));
  }

  @Override
  public String toString() {
    return check.description();
  }
}
