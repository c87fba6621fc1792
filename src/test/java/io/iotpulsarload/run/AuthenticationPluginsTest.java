package io.iotpulsarload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.config.RunSettings;
import io.iotpulsarload.gatling.pulsar.client.ProducerPool;
import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import io.iotpulsarload.testing.OAuth2Issuer;
import io.iotpulsarload.testing.SecuredBroker;
import io.iotpulsarload.testing.SharedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/**
 * Any Pulsar authentication plugin goes through pulsar.authPlugin / pulsar.authParams: mTLS (a client certificate
 * signed by the broker's CA, role = its CN) and OAuth2 client credentials (Pulsar's own plugin against a real HTTP
 * issuer), each checked by the run's start (TLS probe with the client certificate, producer) and a round trip.
 */
class AuthenticationPluginsTest {

  private static Map<String, String> securedWithout(String removed) {
    Map<String, String> s = new HashMap<>(SecuredBroker.settings());
    s.remove(removed);
    s.put("topic", SharedBroker.uniqueTopic("auth-plugin"));
    return s;
  }

  @Test
  void mutualTlsAuthenticatesWithAClientCertificate() throws Exception {
    Map<String, String> s = securedWithout("pulsar.token");
    s.put("pulsar.authPlugin", PulsarAuth.TLS_PLUGIN);
    s.put("pulsar.authParams", "tlsCertFile:" + SecuredBroker.material().clientCert() + ",tlsKeyFile:"
        + SecuredBroker.material().clientKey());
    startsAndRoundTrips(s);
  }

  @Test
  void oauth2ClientCredentialsAuthenticateThroughTheIssuer() throws Exception {
    Path key = SecuredBroker.material().dir().resolve("token-secret.key");
    try (OAuth2Issuer issuer = OAuth2Issuer.start(key, "iot-load", "s3cret-for-tests")) {
      Map<String, String> s = securedWithout("pulsar.token");
      s.put("pulsar.authPlugin", PulsarAuth.OAUTH2_PLUGIN);
      s.put("pulsar.authParams", issuer.authParams(issuer.credentialsFile(Path.of("target"), "s3cret-for-tests")));
      startsAndRoundTrips(s);
      assertTrue(issuer.issued() >= 1, "tokens came from the issuer");

      s.put("pulsar.authParams", issuer.authParams(issuer.credentialsFile(Path.of("target"), "wrong-secret")));
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> InjectorRun.start(SettingSource.properties(s), "SteadyIoT").close());
      assertTrue(refused.getMessage().startsWith("Cannot produce to "), refused.getMessage());
      assertFalse(refused.getMessage().contains("s3cret") || refused.getMessage().contains("wrong-secret"),
          refused.getMessage());
    }
  }

  @Test
  void parametersThePluginCannotReadFailAtOnceWithoutBeingEchoed() {
    Map<String, String> s = securedWithout("pulsar.token");
    s.put("pulsar.authPlugin", PulsarAuth.OAUTH2_PLUGIN);
    s.put("pulsar.authParams", "type:client_credentials,issuerUrl:https://auth.example.com,privateKey:s3cret");
    SettingException e = assertThrows(SettingException.class,
        () -> InjectorRun.start(SettingSource.properties(s), "SteadyIoT").close());
    assertEquals("Cannot set up the authentication plugin " + PulsarAuth.OAUTH2_PLUGIN + " with the given "
        + "pulsar.authParams (IllegalArgumentException, JsonParseException): write them as the "
        + "plugin's documentation spells them", e.getMessage());
  }

  /** The run starts (TLS probe, producer with the run's schema), then 20 messages go through and come back. */
  private static void startsAndRoundTrips(Map<String, String> settings) throws Exception {
    InjectorRun.start(SettingSource.properties(settings), "SteadyIoT").close();
    PulsarSettings pulsar = RunSettings.readPulsar(SettingSource.properties(settings));
    try (PulsarClient client = ProducerPool.newClient(pulsar);
        Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(pulsar.topic() + "-roundtrip")
            .subscriptionName("check").subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
        Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(pulsar.topic() + "-roundtrip").create()) {
      for (int i = 0; i < 20; i++) {
        producer.send(("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      for (int i = 0; i < 20; i++) {
        Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
        assertNotNull(m, "message " + i);
        assertEquals("m" + i, new String(m.getValue(), StandardCharsets.UTF_8));
      }
    }
  }
}
