package io.iotpulsarload.broker.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pulsar.PulsarStandaloneStarter;

/**
 * Starts a single-node Pulsar standalone (broker + in-process bookie + RocksDB metadata) bound to 127.0.0.1.
 *
 * <p>Runs in its own JVM, never beside Gatling (their Netty and Jackson versions clash). When started with
 * {@code --exit-on-stdin-eof}, it stops as soon as its parent closes the pipe, so a killed load test never leaves an
 * orphan broker behind.
 *
 * <p>Arguments (all optional): {@code --data-dir D} (default target/data), {@code --broker-port P} (6650),
 * {@code --web-port P} (8080), {@code --bookie-port P} (3181), {@code --exit-on-stdin-eof},
 * {@code --security tls-token} (TLS-only ports, token authentication and authorization, with material generated
 * into {@code --security-dir D}) and {@code --tls-names ip:127.0.0.1,dns:localhost} (the server certificate's names).
 */
public final class EmbeddedBrokerMain {

  private EmbeddedBrokerMain() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of("target", "data");
    int brokerPort = 6650;
    int webPort = 8080;
    int bookiePort = 3181;
    boolean exitOnStdinEof = false;
    boolean keepData = false; // restart on the data of a previous start (a crash-and-restart test)
    boolean functions = false; // Pulsar's functions worker, thread runtime (a real processing stage for tests)
    String security = "none";
    Path securityDir = null;
    List<String> tlsNames = List.of("ip:127.0.0.1", "dns:localhost");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--broker-port" -> brokerPort = Integer.parseInt(args[++i]);
        case "--web-port" -> webPort = Integer.parseInt(args[++i]);
        case "--bookie-port" -> bookiePort = Integer.parseInt(args[++i]);
        case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
        case "--keep-data" -> keepData = true;
        case "--functions-worker" -> functions = true;
        case "--security" -> security = args[++i];
        case "--security-dir" -> securityDir = Path.of(args[++i]);
        case "--tls-names" -> tlsNames = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; accepted: --data-dir, --broker-port, --web-port, --bookie-port, --exit-on-stdin-eof, --security,"
            + " --security-dir, --tls-names, --keep-data, --functions-worker");
      }
    }
    if (exitOnStdinEof) {
      watchParent(System.in);
    }
    Files.createDirectories(dataDir);
    Path conf = dataDir.resolve("standalone.conf");
    String brokerConf;
    switch (security) {
      case "none" -> brokerConf = standaloneConf(brokerPort, webPort);
      case "tls-token" -> {
        Path dir = securityDir != null ? securityDir : dataDir.resolve("security");
        if (!keepData || !Files.exists(dir.resolve("ca.cert.pem"))) {
          SecurityMaterial.write(dir, tlsNames);
        }
        brokerConf = securedConf(standaloneConf(brokerPort, webPort), brokerPort, webPort, dir.toAbsolutePath());
      }
      default -> throw new IllegalArgumentException("unknown --security " + security + "; accepted: none, tls-token");
    }
    if (functions) {
      brokerConf = brokerConf.replace("functionsWorkerEnabled=false", "functionsWorkerEnabled=true")
          // function packages: under the data, not the working directory (the standalone's default)
          + "STORAGE_PATH=" + dataDir.resolve("packages-storage").toAbsolutePath() + "\n";
    }
    Files.writeString(conf, brokerConf);

    List<String> starterArgs = new ArrayList<>(List.of(
        "-c", conf.toString(),
        "--no-stream-storage",
        "-a", "127.0.0.1",
        "--bookkeeper-port", Integer.toString(bookiePort),
        "--metadata-dir", dataDir.resolve("metadata").toString(),
        "--bookkeeper-dir", dataDir.resolve("bookkeeper").toString(),
        "--zookeeper-dir", dataDir.resolve("zookeeper").toString()));
    if (!keepData) {
      starterArgs.add("--wipe-data");
    }
    if (functions) {
      Path workerConf = dataDir.resolve("functions_worker.yml");
      Files.writeString(workerConf, functionsWorkerConf(dataDir.resolve("download").toAbsolutePath()));
      starterArgs.addAll(List.of("-fwc", workerConf.toString()));
    } else {
      starterArgs.add("--no-functions-worker");
    }
    boolean tls = !security.equals("none");
    System.out.printf("embedded-broker: starting %s://127.0.0.1:%d %s://127.0.0.1:%d security=%s data=%s%n",
        tls ? "pulsar+ssl" : "pulsar", brokerPort, tls ? "https" : "http", webPort, security,
        dataDir.toAbsolutePath());
    PulsarStandaloneStarter.main(starterArgs.toArray(String[]::new));
  }

  /**
   * The functions worker inside the standalone, with the thread runtime (functions run in the broker's JVM). Every
   * key is needed: the worker's config has no defaults for its topics, scheduler and intervals (without them the
   * broker fails to start, with topics named "null"); the broker fills in its URLs, worker id and cluster.
   */
  static String functionsWorkerConf(Path downloadDir) {
    return String.join("\n",
        "functionRuntimeFactoryClassName: org.apache.pulsar.functions.runtime.thread.ThreadRuntimeFactory",
        "functionRuntimeFactoryConfigs:",
        "  threadGroupName: \"pulsar-functions\"",
        "pulsarFunctionsNamespace: public/functions",
        "functionMetadataTopicName: metadata",
        "clusterCoordinationTopicName: coordinate",
        "functionAssignmentTopicName: assignments",
        "useCompactedMetadataTopic: false",
        "schedulerClassName: org.apache.pulsar.functions.worker.scheduler.RoundRobinScheduler",
        "failureCheckFreqMs: 30000",
        "rescheduleTimeoutMs: 60000",
        "rebalanceCheckFreqSec: -1",
        "initialBrokerReconnectMaxRetries: 60",
        "assignmentWriteMaxRetries: 60",
        "instanceLivenessCheckFreqMs: 30000",
        "topicCompactionFrequencySec: 1800",
        "numFunctionPackageReplicas: 1",
        "numHttpServerThreads: 8",
        "downloadDirectory: " + downloadDir,
        "uploadBuiltinSinksSources: false",
        "exposeAdminClientEnabled: false",
        "");
  }

  /**
   * The conf is read both as broker and as bookie configuration. Every line below is needed on a loopback-only
   * single node (see docs/settings.md, "The embedded broker"); journalSyncData=false trades durability for speed, which is
   * right for a throwaway test broker and wrong for anything else.
   */
  static String standaloneConf(int brokerPort, int webPort) {
    return String.join("\n",
        "clusterName=standalone",
        "advertisedAddress=127.0.0.1",
        "bindAddress=127.0.0.1",
        "listeningInterface=lo",
        "brokerServicePort=" + brokerPort,
        "webServicePort=" + webPort,
        "managedLedgerDefaultEnsembleSize=1",
        "managedLedgerDefaultWriteQuorum=1",
        "managedLedgerDefaultAckQuorum=1",
        "loadManagerClassName=org.apache.pulsar.broker.loadbalance.NoopLoadManager",
        "webSocketServiceEnabled=false",
        "functionsWorkerEnabled=false",
        "systemTopicEnabled=true",
        "topicLevelPoliciesEnabled=true",
        "allowAutoTopicCreation=true",
        "allowAutoTopicCreationType=non-partitioned",
        // a test broker: fault tests delete a namespace under a live producer, as a broker replacement would
        "forceDeleteNamespaceAllowed=true",
        "isSchemaValidationEnforced=false",
        "journalSyncData=false",
        "dbStorage_writeCacheMaxSizeMb=32",
        "dbStorage_readAheadCacheMaxSizeMb=32",
        "dbStorage_rocksDB_blockCacheSize=33554432",
        "")
        + "\n";
  }

  /**
   * The same broker with its plaintext ports closed: TLS on the given ports, token authentication (and TLS client
   * certificates, for mTLS) and authorization on. The broker's own admin client uses the admin token over TLS.
   */
  static String securedConf(String plainConf, int brokerTlsPort, int webTlsPort, Path dir) {
    String plain = plainConf.replaceAll("(?m)^brokerServicePort=.*$", "brokerServicePort=")
        .replaceAll("(?m)^webServicePort=.*$", "webServicePort=");
    return plain + String.join("\n",
        "brokerServicePortTls=" + brokerTlsPort,
        "webServicePortTls=" + webTlsPort,
        "tlsCertificateFilePath=" + dir.resolve("broker.cert.pem"),
        "tlsKeyFilePath=" + dir.resolve("broker.key-pk8.pem"),
        "tlsTrustCertsFilePath=" + dir.resolve("ca.cert.pem"),
        "tlsAllowInsecureConnection=false",
        "tlsRequireTrustedClientCertOnConnect=false",
        "authenticationEnabled=true",
        "authenticationProviders=org.apache.pulsar.broker.authentication.AuthenticationProviderToken,"
            + "org.apache.pulsar.broker.authentication.AuthenticationProviderTls",
        "tokenSecretKey=file://" + dir.resolve("token-secret.key"),
        "authorizationEnabled=true",
        "superUserRoles=" + SecurityMaterial.ADMIN_ROLE,
        "brokerClientAuthenticationPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken",
        "brokerClientAuthenticationParameters=file://" + dir.resolve("admin.token"),
        "brokerClientTlsEnabled=true",
        "brokerClientTrustCertsFilePath=" + dir.resolve("ca.cert.pem"),
        "")
        + "\n";
  }

  /** Exits the broker when the parent closes our stdin (it died, or it is done with us). */
  private static void watchParent(InputStream stdin) {
    Thread watcher = new Thread(() -> {
      try {
        while (stdin.read() != -1) {
          // the parent never writes; any byte is ignored
        }
      } catch (IOException ignored) {
        // a broken pipe means the same as EOF
      }
      System.out.println("embedded-broker: parent gone, stopping");
      Thread killer = new Thread(() -> {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(3);
      }, "broker-halt-timer");
      killer.setDaemon(true);
      killer.start();
      System.exit(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
