package io.iotpulsarload.gatling.pulsar;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.holdFor;
import static io.gatling.javaapi.core.CoreDsl.reachRps;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.iotpulsarload.gatling.pulsar.PulsarDsl.pulsar;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * 500 users at once, each sending inside a group, under a throttle of 20 requests per second for 3 s: run by
 * {@code PulsarDslTest}, which checks that the throttle held the sends back and the group got their timings.
 */
public class ThrottledProbeSimulation extends Simulation {
  {
    setUp(scenario("throttled")
            .exec(group("readings").on(pulsar("throttled send").send("hello").topic(System.getProperty("probe.topic"))))
            .injectOpen(atOnceUsers(500)))
        .protocols(pulsar().serviceUrl(System.getProperty("pulsar.url")))
        .throttle(reachRps(20).in(Duration.ofSeconds(1)), holdFor(Duration.ofSeconds(3)));
  }
}
