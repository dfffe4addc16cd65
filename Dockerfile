# syntax=docker/dockerfile:1
# Build: docker build -t ctv-gateway .
# Run:   docker run --stop-timeout 30 -p 8080:8080 -e CTVGW_ADMIN_TOKEN=<16+ characters> \
#          -e CTVGW_APPS=<your Kochava app ids> -v ctvgw-data:/var/lib/ctv-gateway ctv-gateway
# Other commands take the arguments after the image name: docker run --rm ctv-gateway profiles check
#        (or --help, --version, ledger copy-to-redis).
# Stop:  a Dockerfile cannot set the stop grace: give `docker run --stop-timeout` (Compose: stop_grace_period,
#        Kubernetes: terminationGracePeriodSeconds) more than http.shutdown_grace_ms (10 s) plus the journal's
#        last fsync; 30 s. Docker's default, 10 s, would SIGKILL a stop that is still finishing deliveries
#        (nothing is lost then, the journal keeps them, but the next start redelivers more).
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
    JAVA_OPTS="-XX:+UseG1GC -XX:+UseTransparentHugePages -XX:InitialRAMPercentage=60 -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
# Heap: 60% of the container's memory limit, all of it from the start (no resizing under load). The embedded
# ledger keeps ~54-68 bytes per install key (ledger.max_keys, 10 million by default: ~550 MiB), plus ~100 MiB for
# the rest: give a container that keeps 10 million keys at least 1.5 GiB; with the Redis ledger only its near
# cache (~170 bytes per key) is on the heap. G1 named: on fewer than 2 CPUs or 1792 MiB the JVM would pick the
# serial collector. Chosen by measurement (docs/benchmarks.md, "GC and JVM flags"): Serial and Parallel cost ~5%
# less CPU per install, but their old-generation collections stop the world over a 550 MiB ledger; ZGC (JDK 17)
# cost more CPU per install and its p99 was no better; a 5 ms pause goal and a 2 GiB heap moved p99 within noise.
# Transparent huge pages for the heap: 3-12% less CPU per install in three interleaved pairs (the ledger's random
# reads walk fewer page tables); they apply where the host's THP setting is madvise or always, and the JVM warns
# once where it is never.
# Young pauses may be longer until each page has been used once (first minutes); AlwaysPreTouch, which would
# pay that at start, is left out: about a second per GiB of heap on every restart.
VOLUME ["/var/lib/ctv-gateway"]
EXPOSE 8080 8081
USER ctvgw
# Ready (GET /health/ready on the admin port, 200) or unhealthy; the image has no curl, the jar asks itself.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "ctv-gateway.jar", "health"]
STOPSIGNAL SIGTERM
# exec: the JVM is PID 1 and gets SIGTERM itself, so a `docker stop` is a graceful stop. "$@" passes the
# arguments after the image name to the jar (none: run the gateway on conf/gateway.json).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar ctv-gateway.jar \"$@\"", "ctv-gateway"]
