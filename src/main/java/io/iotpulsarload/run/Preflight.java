package io.iotpulsarload.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpulsarload.gatling.pulsar.client.PartitionedTopics;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.sensor.MessageFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** What is checked before the first message: the topic's partitions, then one producer with the run's schema. */
public final class Preflight {

  /** The longest the preflight producer may take (the run's own operation timeout when shorter). */
  static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(15);

  private Preflight() {}

  /**
   * Creates the topic's partitions when asked, then one producer with the run's schema: an unreachable or
   * misconfigured cluster, refused credentials, a missing permission or a topic whose schema is incompatible
   * fails here with what to check, in one line and without any secret.
   */
  public static void check(PulsarSettings pulsar, MessageFormat format) {
    if (pulsar.partitions() > 0) {
      PartitionedTopics.Outcome outcome = PartitionedTopics.ensure(pulsar);
      System.out.println("iot-pulsar-load: topic " + pulsar.topic() + (outcome == PartitionedTopics.Outcome.CREATED
          ? " created with " + pulsar.partitions() + " partitions" : " already exists, left as it is"));
    }
    PulsarClient client;
    try {
      client = ProducerPool.newClient(pulsar);
    } catch (PulsarClientException e) {
      throw new IllegalStateException("Cannot produce to " + pulsar.topic() + " at " + pulsar.serviceUrl()
          + ": " + explain(e, pulsar));
    }
    // our own bound, well within 30 s: a half-open broker (accepts, never answers) keeps the client retrying
    java.util.concurrent.CompletableFuture<? extends Producer<?>> creation =
        client.newProducer(SensorSchemas.forFormat(format)).topic(pulsar.topic()).createAsync();
    try {
      creation.get(PREFLIGHT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).close();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot produce to " + pulsar.topic() + " at " + pulsar.serviceUrl()
          + ": no producer within " + PREFLIGHT_TIMEOUT.toSeconds() + " s (the broker accepted the connection but"
          + " did not answer: is it overloaded, starting, or is this port something else than a Pulsar broker?)");
    } catch (java.util.concurrent.ExecutionException e) {
      PulsarClientException cause = e.getCause() instanceof PulsarClientException p ? p
          : new PulsarClientException(e.getCause());
      throw new IllegalStateException("Cannot produce to " + pulsar.topic() + " at " + pulsar.serviceUrl()
          + ": " + explain(cause, pulsar));
    } catch (PulsarClientException e) {
      // closing the check's producer failed: it was created, which is what was checked
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking a producer can be created");
    } finally {
      creation.cancel(true);
      client.closeAsync(); // not waited for: a hung broker must not hold the start
    }
  }

  /** Pulsar's reason for a failure, and what to check, in one line. */
  static String explain(PulsarClientException e, PulsarSettings pulsar) {
    String reason = reason(e);
    if (e instanceof PulsarClientException.AuthenticationException) {
      Optional<JsonNode> claims = tokenClaims(pulsar.auth());
      Optional<Instant> expiry = claims.map(c -> c.path("exp")).filter(JsonNode::canConvertToLong)
          .map(exp -> Instant.ofEpochSecond(exp.asLong()));
      if (expiry.isPresent() && expiry.get().isBefore(Instant.now())) {
        return "the broker refused the token: it expired at " + expiry.get() + " ("
            + Duration.between(expiry.get(), Instant.now()).toMinutes() + " min ago): get a new token for "
            + "pulsar.token";
      }
      return "the broker refused the credentials (" + reason + "): check pulsar.token / pulsar.authParams (a token "
          + "signed with another key, for another cluster, or revoked?)";
    }
    if (e instanceof PulsarClientException.AuthorizationException) {
      String role = tokenClaims(pulsar.auth()).map(c -> c.path("sub").asText(null)).orElse(null);
      return (role == null ? "this role" : "role " + role) + " may not produce to the topic (" + reason + "): grant"
          + " it produce permission, e.g. pulsar-admin namespaces grant-permission <tenant/namespace> --role "
          + (role == null ? "<role>" : role) + " --actions produce,consume";
    }
    if (e instanceof PulsarClientException.IncompatibleSchemaException) {
      return reason + " (the topic holds another schema: use another topic or the format it was written with)";
    }
    if (e instanceof PulsarClientException.TopicDoesNotExistException || reason.contains("Namespace not found")) {
      return reason + " (the topic's tenant or namespace does not exist: create it, e.g. pulsar-admin namespaces "
          + "create <tenant/namespace>, or check the topic name)";
    }
    return reason + " (check pulsar.url and that the broker is up)";
  }

  private static String reason(PulsarClientException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getMessage().lines().findFirst().orElse("");
    // Pulsar wraps some broker errors in JSON ({"errorMsg":"...","reqId":...}): keep the message only
    int at = message.indexOf("\"errorMsg\":\"");
    if (at >= 0) {
      int from = at + "\"errorMsg\":\"".length();
      int to = message.indexOf('"', from);
      message = to > from ? message.substring(from, to) : message.substring(from);
    }
    // it also repeats itself ("X: msg caused by X: msg") and prefixes class names: keep the message once
    int repeated = message.indexOf(" caused by ");
    if (repeated > 0) {
      message = message.substring(0, repeated);
    }
    return message.replaceFirst("^(?:[\\w.$]+(?:Exception|Error): )+", "");
  }

  /** The claims of a token (JWT) credential, when it is one we can read: never printed, only looked at. */
  private static Optional<JsonNode> tokenClaims(PulsarAuth auth) {
    if (auth == null || !auth.isToken()) {
      return Optional.empty();
    }
    try {
      String params = auth.params();
      String token = params.startsWith("file:")
          ? Files.readString(Path.of(URI.create(params)), StandardCharsets.UTF_8).strip()
          : params.startsWith("token:") ? params.substring("token:".length()) : params;
      String[] parts = token.split("\\.");
      if (parts.length != 3) {
        return Optional.empty();
      }
      return Optional.of(new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1])));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
