package io.iotpulsarload.settings;

/** A setting has a value we cannot use. The message is one line: what is wrong and what is accepted. */
public final class SettingException extends IllegalArgumentException {
  public SettingException(String message) {
    super(message);
  }
}
