package io.iotpulsarload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.settings.SettingException;
import io.iotpulsarload.settings.SettingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the security settings and a client.conf combine, and that a secret is never echoed. */
class SecuritySettingsTest {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2VjcmV0LXNpZ25hdHVyZQ";

  @TempDir
  Path dir;

  private static PulsarSettings read(Map<String, String> p) {
    return RunSettings.readPulsar(SettingSource.properties(p));
  }

  private Path clientConf(String text) throws IOException {
    Path conf = dir.resolve("client.conf");
    Files.writeString(conf, text);
    return conf;
  }

  @Test
  void aClientConfAloneGivesUrlsAuthenticationAndTls() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
    Path conf = clientConf("brokerServiceUrl=pulsar+ssl://broker:6651\nwebServiceUrl=https://broker:8443\n"
        + "authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken\nauthParams=file:///run/token\n"
        + "tlsTrustCertsFilePath=" + ca + "\ntlsEnableHostnameVerification=false\ntlsKeyStoreType=JKS\n");
    PulsarSettings s = read(Map.of("pulsar.clientConf", conf.toString()));
    assertEquals("pulsar+ssl://broker:6651", s.serviceUrl());
    assertEquals("https://broker:8443", s.effectiveAdminUrl());
    assertEquals(new PulsarAuth(PulsarAuth.TOKEN_PLUGIN, "file:///run/token"), s.auth());
    assertEquals(ca.toString(), s.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH));
    assertEquals("false", s.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
  }

  @Test
  void explicitSettingsOverrideTheClientConf() throws IOException {
    Path conf = clientConf("brokerServiceUrl=pulsar+ssl://broker:6651\ntlsEnableHostnameVerification=false\n"
        + "authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationTls\nauthParams=tlsCertFile:/c,tlsKeyFile:/k\n");
    Map<String, String> p = new HashMap<>(Map.of("pulsar.clientConf", conf.toString(),
        "pulsar.url", "pulsar+ssl://other:6651", "pulsar.token", TOKEN, "pulsar.tlsHostnameVerification", "true"));
    PulsarSettings s = read(p);
    assertEquals("pulsar+ssl://other:6651", s.serviceUrl());
    assertEquals(PulsarAuth.token(TOKEN), s.auth());
    assertEquals("token:" + TOKEN, s.auth().params());
    assertEquals("true", s.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
  }

  @Test
  void withoutSecuritySettingsHostnamesAreVerifiedAndNothingAuthenticates() {
    PulsarSettings s = read(Map.of("pulsar.url", "pulsar://127.0.0.1:6650"));
    assertNull(s.auth());
    assertEquals("true", s.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
    assertEquals("false", s.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION));
  }

  @Test
  void aTokenFileBecomesAnAbsoluteFileUrlThatPulsarRereads() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), TOKEN);
    PulsarSettings s = read(Map.of("pulsar.url", "pulsar+ssl://b:6651", "pulsar.token", "file:" + token));
    assertEquals("file://" + token.toAbsolutePath(), s.auth().params());
  }

  @Test
  void conflictingOrIncompleteAuthenticationIsRefused() {
    SettingException both = assertThrows(SettingException.class, () -> read(Map.of("pulsar.token", TOKEN,
        "pulsar.authPlugin", PulsarAuth.TLS_PLUGIN)));
    assertTrue(both.getMessage().startsWith("Both pulsar.token and pulsar.authPlugin are set"), both.getMessage());
    SettingException alone = assertThrows(SettingException.class, () -> read(Map.of("pulsar.authParams", "x:y")));
    assertTrue(alone.getMessage().startsWith("pulsar.authParams is set without pulsar.authPlugin"));
  }

  @Test
  void aSecretIsNeverEchoedNorPrinted() {
    SettingException e = assertThrows(SettingException.class, () -> read(Map.of("pulsar.token",
        TOKEN + " with spaces")));
    assertEquals("Invalid pulsar.token (-Dpulsar.token / PULSAR_TOKEN) (a token has no spaces; for a file write "
        + "file:/path/to/token): expected a token, or file:/path/to/token", e.getMessage());
    PulsarSettings s = read(Map.of("pulsar.url", "pulsar+ssl://b:6651", "pulsar.token", TOKEN));
    assertFalse(s.toString().contains("c2VjcmV0"), s.toString());
    assertTrue(s.auth().toString().contains("(secret)"));
    SettingException bad = assertThrows(SettingException.class,
        () -> IoTSettings.AUTH_PARAMS.asSecret().withDefault(null).parse(" "));
    assertFalse(bad.getMessage().contains("' '"), bad.getMessage());
  }

  @Test
  void aClientConfWithABadUrlNamesTheKeyAndTheFile() throws IOException {
    Path conf = clientConf("brokerServiceUrl=http://broker:8080\n");
    SettingException e = assertThrows(SettingException.class, () -> read(Map.of("pulsar.clientConf",
        conf.toString())));
    assertTrue(e.getMessage().startsWith("Invalid brokerServiceUrl 'http://broker:8080' in the client.conf " + conf),
        e.getMessage());
  }

  /** What a run records of its settings (summary.json, for comparing runs) never holds a secret. */
  @Test
  void theRecordedSettingsLeaveSecretsOut() {
    Map<String, String> p = new HashMap<>();
    p.put("rate", "2500");
    p.put("pulsar.token", TOKEN);
    p.put("pulsar.authParams", "{\"client_secret\":\"" + TOKEN + "\"}");
    Map<String, String> recorded = IoTSettings.effective(SettingSource.properties(p));
    assertEquals("2500", recorded.get("rate"));
    assertEquals("60s", recorded.get("duration"), "defaults recorded too");
    assertFalse(recorded.containsKey("pulsar.token") || recorded.containsKey("pulsar.authParams"), recorded.keySet()
        .toString());
    assertFalse(recorded.toString().contains(TOKEN), "no secret anywhere in what is recorded");
  }
}
