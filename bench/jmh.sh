#!/usr/bin/env bash
# JMH benchmark of the sensor generator and encoders (one thread = one core).
#   bench/jmh.sh [JMH options; default: -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
# one invocation: the tool resolves gatling-pulsar from the reactor, compiled in the same build
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/bench/test.classpath"
if [ $# -eq 0 ]; then
  set -- -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s
fi
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" org.openjdk.jmh.Main \
  SensorGeneratorBenchmark "$@"
