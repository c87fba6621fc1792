package io.iotpulsarload.gatling.pulsar.client;

import org.apache.pulsar.client.api.Authentication;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * A Pulsar authentication: the plugin class and its parameters, as Pulsar's {@code client.conf} spells them
 * ({@code authPlugin}, {@code authParams}). The parameters are a secret: {@link #toString} never shows them, so a
 * record printed in a log or an exception cannot leak a token or a key.
 *
 * @param plugin the plugin class, e.g. {@code org.apache.pulsar.client.impl.auth.AuthenticationToken}
 * @param params its parameters, e.g. {@code token:eyJ...}, {@code file:///run/secrets/token} or OAuth2's JSON
 */
public record PulsarAuth(String plugin, String params) {

  public static final String TOKEN_PLUGIN = "org.apache.pulsar.client.impl.auth.AuthenticationToken";
  public static final String TLS_PLUGIN = "org.apache.pulsar.client.impl.auth.AuthenticationTls";
  public static final String OAUTH2_PLUGIN = "org.apache.pulsar.client.impl.auth.oauth2.AuthenticationOAuth2";

  public PulsarAuth {
    if (plugin == null || plugin.isBlank()) {
      throw new IllegalArgumentException("an authentication needs a plugin class");
    }
    params = params == null ? "" : params;
  }

  /**
   * Token authentication. {@code token} is the token itself or {@code file:/path} (Pulsar re-reads the file for
   * every new connection, so a rotated token keeps working).
   */
  public static PulsarAuth token(String token) {
    String t = token.strip();
    return new PulsarAuth(TOKEN_PLUGIN, t.startsWith("file:") || t.startsWith("token:") ? t : "token:" + t);
  }

  /** Whether this is token authentication. */
  public boolean isToken() {
    return plugin.equals(TOKEN_PLUGIN) || plugin.equals("token");
  }

  /** The Pulsar {@link Authentication} this describes (Pulsar's own factory: any plugin on the classpath). */
  public Authentication create() throws PulsarClientException.UnsupportedAuthenticationException {
    return AuthenticationFactory.create(plugin, params);
  }

  /**
   * Sets the plugin up once and closes it, to fail before any connection when the parameters do not suit it.
   * Throws {@link IllegalArgumentException} naming the plugin and the types of the failure's causes: never their
   * messages, which may quote the parameters (a JSON parser does: "Unrecognized token 'xyz'").
   */
  public void check() {
    try (Authentication authentication = create()) {
      authentication.getAuthMethodName();
    } catch (Exception e) {
      java.util.List<String> types = new java.util.ArrayList<>();
      for (Throwable t = e; t != null && types.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
        if (!(t instanceof PulsarClientException)) {
          types.add(t.getClass().getSimpleName());
        }
      }
      throw new IllegalArgumentException("Cannot set up the authentication plugin " + plugin + " with the given "
          + "pulsar.authParams (" + String.join(", ", types) + "): write them as the plugin's documentation "
          + "spells them", e);
    }
  }

  @Override
  public String toString() {
    return "PulsarAuth[plugin=" + plugin + ", params=" + (params.isEmpty() ? "" : "(secret)") + "]";
  }
}
