/**
 * Admin: the operator's HTTP server on its own port. Liveness, readiness and Prometheus metrics (open for probes
 * and scrapers); behind {@code AdminGuard} (the admin token, or cross-site refusals on a tokenless loopback
 * port): dead letters (list, re-queue), the dry-run preview, and forgetting a device ({@link
 * io.ctvgateway.admin.DeviceForgetting}).
 */
package io.ctvgateway.admin;
