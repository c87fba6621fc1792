#!/usr/bin/env bash
# JMH benchmark of the sensor generator and encoders (one thread = one core).
#   bench/jmh.sh [JMH options; default: -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/bench/test.classpath"
if [ $# -eq 0 ]; then
  set -- -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s
fi
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" org.openjdk.jmh.Main \
  SensorGeneratorBenchmark "$@"
