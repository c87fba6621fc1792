package io.iotpulsarload.broker.standalone;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway TLS and token material for a secured test broker, made at start and never committed: a CA, a server
 * certificate for the given names, a client certificate (mTLS), an HS256 secret key and tokens for each role the
 * tests need. Everything is written to one directory under the broker's {@code target/} work folder.
 *
 * <p>File names are a contract with {@code io.iotpulsarload.broker.EmbeddedBroker}, which hands them to the run.
 */
final class SecurityMaterial {

  static final String ADMIN_ROLE = "admin";
  static final String CLIENT_ROLE = "iot-load";
  static final String READ_ONLY_ROLE = "iot-readonly";
  static final String PRODUCE_ONLY_ROLE = "iot-produce-only";
  static final String MTLS_ROLE = "iot-load-mtls";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecurityMaterial() {}

  /**
   * Writes all material into {@code dir}. {@code serverNames} are the server certificate's subject alternative
   * names, each {@code ip:...} or {@code dns:...}.
   */
  static void write(Path dir, List<String> serverNames) throws Exception {
    Files.createDirectories(dir);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048, RANDOM);

    KeyPair caKeys = rsa.generateKeyPair();
    X500Name caName = new X500Name("CN=iot-pulsar-load test CA");
    X509Certificate ca = certificate(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), true, List.of());
    pem(dir.resolve("ca.cert.pem"), ca);

    KeyPair serverKeys = rsa.generateKeyPair();
    pem(dir.resolve("broker.cert.pem"), certificate(new X500Name("CN=" + serverNames.get(0).split(":", 2)[1]),
        caName, serverKeys.getPublic(), caKeys.getPrivate(), false, serverNames));
    pem(dir.resolve("broker.key-pk8.pem"), serverKeys.getPrivate());

    KeyPair clientKeys = rsa.generateKeyPair();
    pem(dir.resolve("client-mtls.cert.pem"), certificate(new X500Name("CN=" + MTLS_ROLE), caName,
        clientKeys.getPublic(), caKeys.getPrivate(), false, List.of()));
    pem(dir.resolve("client-mtls.key-pk8.pem"), clientKeys.getPrivate());

    byte[] secret = randomKey();
    Files.write(dir.resolve("token-secret.key"), secret);
    Instant inAYear = Instant.now().plus(Duration.ofDays(365));
    Files.writeString(dir.resolve("admin.token"), token(secret, ADMIN_ROLE, inAYear));
    Files.writeString(dir.resolve("client.token"), token(secret, CLIENT_ROLE, inAYear));
    Files.writeString(dir.resolve("readonly.token"), token(secret, READ_ONLY_ROLE, inAYear));
    Files.writeString(dir.resolve("produce-only.token"), token(secret, PRODUCE_ONLY_ROLE, inAYear));
    Files.writeString(dir.resolve("expired.token"),
        token(secret, CLIENT_ROLE, Instant.now().minus(Duration.ofHours(1))));
    Files.writeString(dir.resolve("wrong-key.token"), token(randomKey(), CLIENT_ROLE, inAYear));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32]; // HS256 needs at least 256 bits
    RANDOM.nextBytes(key);
    return key;
  }

  /** An HS256 JWT as Pulsar's AuthenticationProviderToken checks it: subject = role, optional expiry. */
  static String token(byte[] secret, String subject, Instant expiry) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":" + expiry.getEpochSecond() + "}")
        .getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    return header + "." + payload + "." + signature;
  }

  private static X509Certificate certificate(X500Name subject, X500Name issuer, java.security.PublicKey key,
      PrivateKey issuerKey, boolean isCa, List<String> altNames) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject, key);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    builder.addExtension(Extension.keyUsage, true, isCa
        ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
        : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    if (!altNames.isEmpty()) {
      GeneralName[] names = altNames.stream().map(n -> {
        String[] kv = n.split(":", 2);
        return new GeneralName(kv[0].equalsIgnoreCase("ip") ? GeneralName.iPAddress : GeneralName.dNSName, kv[1]);
      }).toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  /** PEM: certificates as CERTIFICATE, private keys as PKCS#8 PRIVATE KEY (what Pulsar's tlsKeyFilePath reads). */
  private static void pem(Path file, Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object instanceof PrivateKey key
          ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded())
          : object);
    }
    Files.writeString(file, text.toString());
  }
}
