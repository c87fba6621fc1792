# Shared by the bench scripts: build the classpaths and start one embedded broker on fixed ports.
# shellcheck shell=bash

# build_classpaths OUT: compiles everything and writes OUT/test.classpath (project + Gatling + client)
build_classpaths() {
  # one invocation: the tool resolves gatling-pulsar from the reactor, compiled in the same build
  mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$1/test.classpath"
}

# start_broker OUT BROKER_PORT WEB_PORT [SECURITY]: starts the standalone (SECURITY none, the default, or
# tls-token: TLS-only ports, material in OUT/broker/security), waits for the default namespace, sets BROKER_PID and
# stops the broker when the calling script exits.
start_broker() {
  local out=$1 broker_port=$2 web_port=$3 security=${4:-none} scheme=http curl_tls=()
  rm -rf "$out/broker"
  java --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-opens java.base/sun.net=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true -Djava.net.preferIPv4Stack=true \
    -Xms128m -Xmx512m -XX:MaxDirectMemorySize=512m -XX:+UseSerialGC \
    -cp "broker/target/classes:$(cat broker/target/classpath.txt)" \
    io.iotpulsarload.broker.standalone.EmbeddedBrokerMain --data-dir "$out/broker" \
    --broker-port "$broker_port" --web-port "$web_port" --bookie-port $((broker_port + 1)) \
    --security "$security" > "$out/broker.log" 2>&1 &
  BROKER_PID=$!
  trap 'kill $BROKER_PID 2>/dev/null; wait $BROKER_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    if [ "$security" != none ] && [ -f "$out/broker/security/admin.token" ]; then
      scheme=https
      curl_tls=(--cacert "$out/broker/security/ca.cert.pem" -H "Authorization: Bearer $(cat "$out/broker/security/admin.token")")
    fi
    if curl -fs "${curl_tls[@]}" "$scheme://127.0.0.1:$web_port/admin/v2/namespaces/public" 2>/dev/null \
        | grep -q public/default; then
      return 0
    fi
    kill -0 "$BROKER_PID" 2>/dev/null || { echo "broker died, see $out/broker.log" >&2; return 1; }
    sleep 0.2
  done
  echo "broker not ready after 120 s, see $out/broker.log" >&2
  return 1
}

# stop_broker: stops the broker start_broker started and waits for it
stop_broker() {
  kill "$BROKER_PID" 2>/dev/null || true
  wait "$BROKER_PID" 2>/dev/null || true
  trap - EXIT
}

# The JVM flags gatling-maven-plugin gives its fork.
GATLING_JVM=(-Xmx1g -Dio.netty.eventLoopThreads=2 -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED)
