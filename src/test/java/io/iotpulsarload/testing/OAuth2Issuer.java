package io.iotpulsarload.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal OAuth2 authorization server for tests: OpenID discovery and the client-credentials grant, issuing
 * HS256 access tokens signed with the secured broker's token key, so the broker's own token provider accepts them.
 * Pulsar's real {@code AuthenticationOAuth2} plugin talks to it exactly as to a production issuer. Credentials
 * are checked: a wrong client secret gets HTTP 401.
 */
public final class OAuth2Issuer implements AutoCloseable {

  public static final String CLIENT_ID = "iot-load-client";
  public static final String AUDIENCE = "urn:iot-pulsar-load:test";

  private final HttpServer server;
  private final String clientSecret;
  private final AtomicInteger issued = new AtomicInteger();

  private OAuth2Issuer(HttpServer server, String clientSecret) {
    this.server = server;
    this.clientSecret = clientSecret;
  }

  /** Starts an issuer on 127.0.0.1 whose tokens are for {@code role}, signed with {@code secretKeyFile}'s bytes. */
  public static OAuth2Issuer start(Path secretKeyFile, String role, String clientSecret) throws IOException {
    byte[] key = Files.readAllBytes(secretKeyFile);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OAuth2Issuer issuer = new OAuth2Issuer(server, clientSecret);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", exchange -> reply(exchange, 200,
        "{\"issuer\":\"" + base + "\",\"token_endpoint\":\"" + base + "/oauth/token\"}"));
    server.createContext("/oauth/token", exchange -> {
      Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
          || !issuer.clientSecret.equals(form.get("client_secret"))) {
        reply(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      issuer.issued.incrementAndGet();
      reply(exchange, 200, "{\"access_token\":\"" + token(key, role) + "\",\"token_type\":\"Bearer\","
          + "\"expires_in\":3600}");
    });
    server.start();
    return issuer;
  }

  public String issuerUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Access tokens issued so far. */
  public int issued() {
    return issued.get();
  }

  /** Writes the client-credentials file Pulsar's plugin reads ({@code privateKey}) and returns its path. */
  public Path credentialsFile(Path dir, String secret) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("oauth2-credentials-" + System.nanoTime() + ".json"),
        "{\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + secret + "\"}");
  }

  /** The {@code pulsar.authParams} of Pulsar's OAuth2 plugin for this issuer: JSON, as Pulsar documents it. */
  public String authParams(Path credentials) {
    return "{\"type\":\"client_credentials\",\"issuerUrl\":\"" + issuerUrl() + "\",\"privateKey\":\""
        + credentials.toUri() + "\",\"audience\":\"" + AUDIENCE + "\"}";
  }

  private static String token(byte[] key, String role) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String header = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
      String claims = b64.encodeToString(("{\"sub\":\"" + role + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
          + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return header + "." + claims + "." + b64.encodeToString(
          mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2) {
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void reply(HttpExchange exchange, int status, String json) {
    try (exchange) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
