/**
 * The benchmark suite (issue 7), not tests: {@code src/bench/run.sh} runs {@link io.ctvgateway.bench.BenchSuite},
 * which starts the gateway jar, a fake Kochava, a baseline Vert.x server and nginx as processes of their own,
 * drives them with wrk (closed loop) and {@link io.ctvgateway.bench.OpenLoop} (fixed rate), and prints every
 * figure beside a baseline measured in the same run. See {@code docs/benchmarks.md}.
 */
package io.ctvgateway.bench;
