#!/bin/sh
# One injector: runs $SIMULATION with the settings in its environment (PULSAR_URL, MESSAGES_PER_SECOND,
# INJECTOR_COUNT, RUN_ID, ...; Kubernetes sets JOB_COMPLETION_INDEX in an Indexed Job), writes its results to
# $RESULTS_DIR/<runId>/injector-<index>/ and Gatling's own report under $RESULTS_DIR/gatling/.
# A companion command as the arguments runs it instead: merge (see k8s/merge/), compare, validate, settings,
# as bin/iot-pulsar-load does (iot-pulsar-load --help).
set -e
case "$1" in
  merge|compare|validate|settings|--help)
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -cp "/app/classes:/app/lib/*" io.iotpulsarload.cli.Main "$@" ;;
esac
case "${GATLING_EVENT_LOOPS:-2}" in
  ''|*[!0-9]*|0*) echo "Invalid GATLING_EVENT_LOOPS '${GATLING_EVENT_LOOPS}': expected an integer from 1 (Gatling's event loops)" >&2; exit 1 ;;
esac
# Gatling's simulation.log: GATLING_LOG=true|false, SoakIoT's default false (as in the pom's profile)
if [ -z "${GATLING_LOG}" ]; then
  if [ "${SIMULATION}" = "SoakIoT" ]; then GATLING_LOG=false; else GATLING_LOG=true; fi
  export GATLING_LOG
fi
# SIMULATION names a class of the package simulations (SteadyIoT) or any class by its full name (examples.AlertsIoT)
case "${SIMULATION}" in
  *.*) SIMULATION_CLASS="${SIMULATION}" ;;
  *) SIMULATION_CLASS="simulations.${SIMULATION}" ;;
esac
# shellcheck disable=SC2086
exec java $JAVA_OPTS -Dio.netty.eventLoopThreads="${GATLING_EVENT_LOOPS:-2}" -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
  -Dgatling.conf.file="gatling-log-${GATLING_LOG}.conf" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "/app/classes:/app/test-classes:/app/lib/*" io.gatling.app.Gatling \
  -s "${SIMULATION_CLASS}" -rf "${RESULTS_DIR}/gatling"
