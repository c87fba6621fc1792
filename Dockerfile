# Injector image: the simulations and everything they need, run as one Gatling injector per pod.
# Build: docker build -t iot-pulsar-load:latest .
# The base images are build arguments: the public Maven and Temurin images by default; bench/image.sh builds
# with equivalents made from Debian's packages (podman, no registry needed).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml iot-pulsar-load.xml ./
COPY gatling-pulsar/pom.xml gatling-pulsar/pom.xml
COPY gatling-pulsar/src gatling-pulsar/src
COPY broker/pom.xml broker/pom.xml
COPY broker/src broker/src
COPY src src
# compile main and test (simulations) classes, gatling-pulsar packaged as the tool's dependency (one reactor
# build: the tool finds it there); the injector needs no embedded broker: pods get PULSAR_URL
RUN mvn -q -B package -DskipTests -Dexec.skip=true -Dgatling.skip=true dependency:copy-dependencies \
      -DincludeScope=test -DoutputDirectory=/app/lib \
 && cp -r target/classes /app/classes && cp -r target/test-classes /app/test-classes

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app /app
COPY k8s/entrypoint.sh /app/entrypoint.sh
ENV SIMULATION=SteadyIoT \
    RESULTS_DIR=/results \
    JAVA_OPTS="-Xmx1g -XX:+ExitOnOutOfMemoryError -XX:-HeapDumpOnOutOfMemoryError"
ENTRYPOINT ["/app/entrypoint.sh"]
