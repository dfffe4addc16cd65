# syntax=docker/dockerfile:1
# Build: docker build -t ctv-gateway .
# Run:   docker run -p 8080:8080 -e CTVGW_ADMIN_TOKEN=<16+ characters> -e CTVGW_APPS=<your Kochava app ids> \
#          -v ctvgw-data:/var/lib/ctv-gateway ctv-gateway
# Ports: 8080 is the TV-facing API (publish it, behind TLS). 8081 is admin: health and metrics need no token,
#        dead letters, requeue and preview need the admin token; keep it on the cluster's private network.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY device-profiles device-profiles
COPY conf conf
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system ctvgw && useradd --system --gid ctvgw --home-dir /opt/ctv-gateway ctvgw \
    && mkdir -p /opt/ctv-gateway /var/lib/ctv-gateway \
    && chown ctvgw:ctvgw /var/lib/ctv-gateway
WORKDIR /opt/ctv-gateway
COPY --from=build /src/target/ctv-gateway.jar ctv-gateway.jar
COPY conf conf
COPY device-profiles device-profiles
# The admin port (health, metrics) listens on all interfaces inside the container so that probes reach it;
# publish 8080 only, and keep 8081 on the cluster's private network. Off loopback the gateway refuses to start
# without CTVGW_ADMIN_TOKEN.
ENV CTVGW_DATA_DIR=/var/lib/ctv-gateway \
    CTVGW_PROFILES_DIR=/opt/ctv-gateway/device-profiles \
    CTVGW_ADMIN_HOST=0.0.0.0 \
    JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/ctv-gateway"]
EXPOSE 8080 8081
USER ctvgw
# exec: the JVM is PID 1 and gets SIGTERM itself, so a `docker stop` is a graceful stop.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar ctv-gateway.jar --config conf/gateway.json"]
