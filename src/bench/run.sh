#!/usr/bin/env bash
# The benchmark suite (issue 7): every figure beside a baseline measured in the same run, and the ratio.
#   src/bench/run.sh            # about 8 minutes on 2 cores; prints the machine, a Markdown table and the verdicts
# Needs Java 17 and Maven (as the build does), wrk (closed-loop load) and nginx (scenario 2's baseline); both
# come from Debian's packages and are installed here when missing and run as root. Without nginx the suite
# still runs and says so in its table. Settings: see io.ctvgateway.bench.BenchSuite (BENCH_SECONDS, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing ${missing[*]} from Debian's packages" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2; then
      echo "bench: could not install ${missing[*]}" >&2
    fi
  else
    echo "bench: ${missing[*]} missing and not root: sudo apt-get install -y ${missing[*]}" >&2
  fi
fi
if ! command -v wrk >/dev/null; then
  echo "bench: wrk is required (apt-get install wrk); nothing was measured" >&2
  exit 1
fi

mkdir -p target
# package builds target/ctv-gateway.jar (the gateway runs as the real jar) and the test classes (the harness);
# exec:exec (the bench profile) starts BenchSuite with the test class path.
mvn -B -q -Dstyle.color=never -DskipTests -Pbench -Dbench.main=io.ctvgateway.bench.BenchSuite -Dbench.jvm=-Xmx2g package exec:exec \
  | tee target/bench-output.md
