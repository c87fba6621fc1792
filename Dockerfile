# Injector image: the simulations and everything they need, run as one Gatling injector per pod.
# Build: docker build -t iot-pulsar-load:latest .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY broker/pom.xml broker/pom.xml
COPY broker/src broker/src
COPY src src
# compile main and test (simulations) classes; the injector needs no embedded broker: pods get PULSAR_URL
RUN mvn -q -B test-compile -Dexec.skip=true \
 && mvn -q -B dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=/app/lib \
 && cp -r target/classes /app/classes && cp -r target/test-classes /app/test-classes

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /app /app
COPY k8s/entrypoint.sh /app/entrypoint.sh
ENV SIMULATION=SteadyIoT \
    RESULTS_DIR=/results \
    JAVA_OPTS="-Xmx1g -XX:+ExitOnOutOfMemoryError -XX:-HeapDumpOnOutOfMemoryError"
ENTRYPOINT ["/app/entrypoint.sh"]
