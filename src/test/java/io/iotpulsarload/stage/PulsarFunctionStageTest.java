package io.iotpulsarload.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotpulsarload.broker.EmbeddedBroker;
import io.iotpulsarload.results.InjectorSummary;
import io.iotpulsarload.results.StageResult;
import io.iotpulsarload.results.WatchedSubscription;
import io.iotpulsarload.testing.GatlingFork;
import io.iotpulsarload.testing.SharedBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.common.functions.FunctionConfig;
import org.junit.jupiter.api.Test;

/**
 * A real Pulsar Function as the processing stage: {@code EnrichReading} (the broker module), deployed to the
 * shared standalone's functions worker (thread runtime), reads the run's topic and writes each reading, enriched,
 * to an output topic with its stamp, key and event time. The run times it by its output and watches its
 * subscription: every acknowledged reading must come out, once, and the subscription keep up.
 */
class PulsarFunctionStageTest {

  private static final String FUNCTION_CLASS = "io.iotpulsarload.broker.functions.EnrichReading";

  @Test
  void aPulsarFunctionIsTimedAndLosesNothing() throws Exception {
    EmbeddedBroker broker = SharedBroker.broker();
    assertTrue(broker.functionsWorker(), "the shared test broker runs the functions worker ("
        + EmbeddedBroker.FUNCTIONS_PROPERTY + "=true in the pom's surefire settings)");
    String input = SharedBroker.uniqueTopic("fn-in");
    String output = SharedBroker.uniqueTopic("fn-enriched");
    String name = "enrich-" + UUID.randomUUID().toString().substring(0, 8);
    String runId = "function-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarAdmin admin = SharedBroker.admin()) {
      admin.topics().createNonPartitionedTopic(input);
      admin.topics().createNonPartitionedTopic(output);
      deploy(admin, name, input, output);
      try {
        Map<String, String> p = SharedBroker.runSettings(input, runId);
        p.put("rate", "500");
        p.put("duration", "8s");
        p.put("warmup", "0s");
        p.put("verify", "false");
        p.put("progressInterval", "4s");
        p.put("stage.topic", output);
        p.put("stage.drainTimeout", "10s");
        p.put("watch.subscriptions", "public/default/" + name); // the function's own subscription
        p.put("watch.interval", "1s");
        p.put("watch.drainTimeout", "10s");
        GatlingFork.Result run = GatlingFork.run("simulations.SteadyIoT", p, 240);

        assertEquals(0, run.exitCode(), run.tail());
        InjectorSummary summary = InjectorSummary.read(Path.of("target", "test-results", runId, "injector-0",
            "summary.json"));
        StageResult stage = summary.stage();
        assertNotNull(stage, run.tail());
        System.out.println("Pulsar Function stage, 500 msg/s for 8 s: " + stage.line());
        assertTrue(summary.acked() > 3_000, "the run sent: " + summary.acked());
        assertEquals(summary.acked(), stage.expected());
        assertEquals(0, stage.lost(), "every reading came out of the function");
        assertEquals(summary.acked(), stage.outputs(), "each once");
        assertEquals(0, stage.duplicates());
        assertEquals(0, stage.withoutTime(), "the function copies the event time");
        assertTrue(stage.latencyMs().p50() > 0 && stage.latencyMs().p99() < 2_000, stage.latencyMs().toString());
        WatchedSubscription watched = summary.subscriptions().get(0);
        System.out.println("its subscription: " + watched.line());
        assertEquals(WatchedSubscription.KEEPS_UP, watched.verdict(), watched.line());
      } finally {
        admin.functions().deleteFunction("public", "default", name);
      }
    }
  }

  /** Deploys the function from a jar of its class, and returns once it runs and has subscribed. */
  private static void deploy(PulsarAdmin admin, String name, String input, String output) throws Exception {
    FunctionConfig config = FunctionConfig.builder()
        .tenant("public").namespace("default").name(name)
        .runtime(FunctionConfig.Runtime.JAVA)
        .className(FUNCTION_CLASS)
        .inputs(List.of(input))
        .output(output)
        .parallelism(1)
        .processingGuarantees(FunctionConfig.ProcessingGuarantees.MANUAL)
        .subscriptionPosition(SubscriptionInitialPosition.Latest)
        .cleanupSubscription(true)
        .build();
    String jar = functionJar().toString();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        admin.functions().createFunction(config, jar);
        break;
      } catch (PulsarAdminException e) {
        // 503 "Leader not yet ready" while the worker starts: try again
        if (e.getStatusCode() != 503 || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      }
    }
    while (admin.functions().getFunctionStatus("public", "default", name).getNumRunning() < 1
        || !admin.topics().getSubscriptions(input).contains("public/default/" + name)) {
      assertTrue(System.nanoTime() < deadline, "the function " + name + " did not run within 60 s");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  /** A jar of the function's class, built by the broker module. */
  private static Path functionJar() throws IOException {
    String entry = FUNCTION_CLASS.replace('.', '/') + ".class";
    Path classFile = Path.of(System.getProperty(EmbeddedBroker.HOME_PROPERTY, "broker"), "target", "classes", entry);
    Path jar = Path.of("target", "functions", "enrich-reading.jar").toAbsolutePath();
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      Files.copy(classFile, (OutputStream) out);
      out.closeEntry();
    }
    return jar;
  }
}
