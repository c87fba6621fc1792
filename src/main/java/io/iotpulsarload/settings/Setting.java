package io.iotpulsarload.settings;

import java.util.Optional;

/**
 * One setting, declared once: its system property, its environment variable, its default, what it accepts, and
 * how its text becomes a value. Every simulation reads settings through these declarations, and the settings table
 * (docs/settings.md) is checked against them ({@code SettingsCatalogTest}).
 *
 * @param property     the system property, e.g. {@code rate} (given as {@code -Drate=5000})
 * @param env          the environment variable, e.g. {@code MESSAGES_PER_SECOND}
 * @param defaultText  the default as a user would type it, or {@code null} when unset has a meaning of its own
 * @param accepted     what values are accepted, phrased to complete "expected ..."
 * @param description  one sentence for the settings table (docs/settings.md)
 * @param parser       turns text into a value; throws {@link IllegalArgumentException} for bad text
 * @param secret       whether the value is a secret (a token, a key): an error never repeats it
 */
public record Setting<T>(
    String property, String env, String defaultText, String accepted, String description, Parser<T> parser,
    boolean secret) {

  public Setting(
      String property, String env, String defaultText, String accepted, String description, Parser<T> parser) {
    this(property, env, defaultText, accepted, description, parser, false);
  }

  /** The same setting, marked secret: its value never appears in an error (the parser's reason must not either). */
  public Setting<T> asSecret() {
    return new Setting<>(property, env, defaultText, accepted, description, parser, true);
  }

  /** Turns the text of a setting into its value, or throws {@link IllegalArgumentException}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  /** The same setting with another default (e.g. RampIoT's rate defaults to 50,000 msg/s). */
  public Setting<T> withDefault(String newDefault) {
    return new Setting<>(property, env, newDefault, accepted, description, parser, secret);
  }

  /** The value from the source, else the default; fails with a one-line {@link SettingException}. */
  public T read(SettingSource source) {
    Optional<String> raw = source.raw(property, env);
    if (raw.isEmpty()) {
      if (defaultText == null) {
        throw new SettingException("Missing setting " + names() + ": expected " + accepted);
      }
      return parse(defaultText);
    }
    return parse(raw.get());
  }

  /** The value when set, empty when unset and without default (e.g. no pulsar.url means "embedded broker"). */
  public Optional<T> readOptional(SettingSource source) {
    Optional<String> raw = source.raw(property, env);
    if (raw.isEmpty()) {
      return defaultText == null ? Optional.empty() : Optional.of(parse(defaultText));
    }
    return Optional.of(parse(raw.get()));
  }

  /** Parses text as this setting would, with the setting's one-line error on bad input. */
  public T parse(String text) {
    try {
      return parser.parse(text);
    } catch (SettingException e) {
      throw e;
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new SettingException(
          "Invalid " + names() + (secret ? "" : " '" + text + "'") + reason + ": expected " + accepted);
    }
  }

  /** How users name this setting: {@code rate (-Drate / MESSAGES_PER_SECOND)}. */
  public String names() {
    return property + " (-D" + property + (env == null ? "" : " / " + env) + ")";
  }
}
