package io.iotpulsarload.gatling.pulsar;

import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import org.junit.jupiter.api.Test;

/** The DSL's security options land where the Pulsar client reads them, and the protocol never prints a secret. */
class PulsarProtocolSecurityTest {

  @Test
  void tokenTrustAndHostnameVerificationAreSetUnderPulsarsNames() {
    PulsarSettings s = pulsar().serviceUrl("pulsar+ssl://broker:6651")
        .token("file:/run/secrets/token")
        .tlsTrustCertsFilePath("/etc/pulsar/ca.pem")
        .enableTlsHostnameVerification(false)
        .allowTlsInsecureConnection(true)
        .settings();
    assertEquals(new PulsarAuth(PulsarAuth.TOKEN_PLUGIN, "file:/run/secrets/token"), s.auth());
    assertEquals("/etc/pulsar/ca.pem", s.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH));
    assertEquals("false", s.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
    assertEquals("true", s.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION));
  }

  @Test
  void hostnamesAreVerifiedUnlessTurnedOffAndNothingAuthenticatesUnlessAsked() {
    PulsarSettings s = pulsar().serviceUrl("pulsar+ssl://broker:6651").settings();
    assertEquals("true", s.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
    assertNull(s.auth());
  }

  @Test
  void theProtocolPrintsNoAuthenticationParameters() {
    PulsarProtocolBuilder builder = pulsar().serviceUrl("pulsar+ssl://broker:6651")
        .authentication(PulsarAuth.TLS_PLUGIN, "tlsCertFile:/c.pem,tlsKeyFile:/very-secret-key.pem")
        .token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
    String printed = builder.settings().toString() + builder.protocol().toString();
    assertFalse(printed.contains("c2lnbmF0dXJl"), printed);
    assertFalse(printed.contains("very-secret-key"), printed);
  }
}
