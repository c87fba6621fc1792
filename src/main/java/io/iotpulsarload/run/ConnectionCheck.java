package io.iotpulsarload.run;

import io.iotpulsarload.gatling.pulsar.client.PulsarAuth;
import io.iotpulsarload.gatling.pulsar.client.PulsarSettings;
import io.iotpulsarload.gatling.pulsar.client.TlsFiles;
import io.iotpulsarload.settings.SettingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * What is checked before the Pulsar client is given a URL: that the first broker's port answers, and answers in
 * the language its scheme says. The client would retry a refused port, an untrusted certificate or a TLS/plaintext
 * mix-up until its operation timeout and then report "Connection already closed"; here each fails in seconds
 * with what is wrong. It also keeps a token from being sent in clear text to a TLS port ({@code pulsar://} to
 * port 6651): the TLS probe runs before any Pulsar frame is written.
 */
final class ConnectionCheck {

  private static final int TIMEOUT_MS = 5_000;

  private ConnectionCheck() {}

  /** Throws a one-line {@link SettingException} when the service URL cannot be used as given. */
  static void check(PulsarSettings settings) {
    String url = settings.serviceUrl();
    String first = url.replaceFirst("^[a-z+]+://", "").split(",")[0].split("/")[0];
    URI uri = URI.create("tcp://" + first);
    int port = uri.getPort() > 0 ? uri.getPort() : settings.tls() ? 6651 : 6650;
    String host = uri.getHost();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingException("Cannot reach the Pulsar broker at " + url + " (" + e.getMessage()
          + "): check pulsar.url / PULSAR_URL, or unset it to use the embedded broker");
    }
    if (settings.tls()) {
      checkTls(settings, host, port);
    } else if (speaksTls(host, port)) {
      throw new SettingException("The broker at " + url + " speaks TLS on port " + port + ": use pulsar+ssl://"
          + host + ":" + port + " (with pulsar.tlsTrustCertsFilePath for its CA)");
    }
  }

  private static void checkTls(PulsarSettings settings, String host, int port) {
    String trust = settings.clientOption(PulsarSettings.TLS_TRUST_CERTS_FILE_PATH);
    boolean insecure = Boolean.parseBoolean(settings.clientOption(PulsarSettings.TLS_ALLOW_INSECURE_CONNECTION));
    boolean verifyHost = !"false".equals(settings.clientOption(PulsarSettings.TLS_HOSTNAME_VERIFICATION_ENABLE));
    String where = settings.serviceUrl();
    SSLContext context;
    try {
      Optional<Path[]> clientCert = clientCertificate(settings);
      context = TlsFiles.context(trust == null ? null : Path.of(trust), insecure,
          clientCert.map(c -> c[0]).orElse(null), clientCert.map(c -> c[1]).orElse(null));
    } catch (IOException | GeneralSecurityException e) {
      throw new SettingException("Cannot load the TLS files for " + where + " (" + e.getMessage()
          + "): check pulsar.tlsTrustCertsFilePath and the client certificate and key");
    }
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      SSLParameters parameters = socket.getSSLParameters();
      if (verifyHost && !insecure) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
    } catch (SSLHandshakeException e) {
      throw new SettingException(explain(e, where, host, port, trust));
    } catch (IOException e) {
      throw new SettingException("The broker at " + where + " does not speak TLS on port " + port + " ("
          + firstLine(e) + "): use pulsar://" + host + ":" + port + " for a plaintext port, or the broker's TLS port"
          + " (often 6651)");
    }
  }

  private static String explain(SSLHandshakeException e, String where, String host, int port, String trust) {
    String chain = causes(e);
    if (chain.contains("No subject alternative") || chain.contains("No name matching")) {
      return "The TLS certificate of the broker at " + where + " is not issued for " + host + ": connect with a "
          + "name the certificate holds, or (tests only) set pulsar.tlsHostnameVerification=false";
    }
    if (chain.contains("PKIX") || chain.contains("unable to find valid certification path")
        || hasCause(e, CertificateException.class)) {
      return "The TLS certificate of the broker at " + where + " is not signed by a trusted CA ("
          + (trust == null ? "pulsar.tlsTrustCertsFilePath is unset: the JVM's default CAs were used"
              : "not by the CAs in " + trust) + "): set pulsar.tlsTrustCertsFilePath to the CA that signed it";
    }
    if (chain.contains("certificate_required") || chain.contains("bad_certificate")) {
      return "The broker at " + where + " refused the TLS handshake for want of a trusted client certificate ("
          + firstLine(e) + "): set pulsar.authPlugin=" + PulsarAuth.TLS_PLUGIN
          + " with pulsar.authParams=tlsCertFile:...,tlsKeyFile:...";
    }
    return "The broker at " + where + " does not speak TLS on port " + port + " (" + firstLine(e) + "): use pulsar://"
        + host + ":" + port + " for a plaintext port, or the broker's TLS port (often 6651)";
  }

  /** Whether a TLS handshake (trusting anything, sending nothing else) succeeds: the port is a TLS port. */
  private static boolean speaksTls(String host, int port) {
    try {
      SSLContext trustAll = TlsFiles.context(null, true, null, null);
      try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(3_000);
        socket.startHandshake();
        return true;
      }
    } catch (IOException | GeneralSecurityException e) {
      return false; // a plaintext Pulsar port closes the connection on the first TLS record
    }
  }

  /** The client certificate and key of TLS authentication, when the settings use it. */
  private static Optional<Path[]> clientCertificate(PulsarSettings settings) {
    String cert = settings.clientOption(PulsarSettings.TLS_CERTIFICATE_FILE_PATH);
    String key = settings.clientOption(PulsarSettings.TLS_KEY_FILE_PATH);
    PulsarAuth auth = settings.auth();
    if (auth != null && auth.plugin().equals(PulsarAuth.TLS_PLUGIN)) {
      for (String part : auth.params().split(",")) {
        String[] kv = part.split(":", 2);
        if (kv.length == 2 && kv[0].strip().equals("tlsCertFile")) {
          cert = kv[1].strip();
        } else if (kv.length == 2 && kv[0].strip().equals("tlsKeyFile")) {
          key = kv[1].strip();
        }
      }
    }
    return cert != null && key != null ? Optional.of(new Path[] {Path.of(cert.replaceFirst("^file://", "")),
        Path.of(key.replaceFirst("^file://", ""))}) : Optional.empty();
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
  }
}
