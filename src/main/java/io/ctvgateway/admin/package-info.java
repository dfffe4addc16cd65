/**
 * Admin: the operator's HTTP server on its own port. Liveness, readiness, Prometheus metrics, the loaded
 * profiles, and dead letters (list, re-queue).
 */
package io.ctvgateway.admin;
