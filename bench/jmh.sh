#!/usr/bin/env bash
# JMH benchmark of the sensor generator and encoders (one thread = one core).
#   bench/jmh.sh [extra JMH options, e.g. -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/bench/test.classpath"
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" org.openjdk.jmh.Main \
  SensorGeneratorBenchmark -f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s "$@"
