/**
 * Ingest: the HTTP API for TV clients, and only HTTP. Per endpoint a handler (install, event, event batch):
 * content type, body limit, JSON bodies to typed fields ({@code RequestParser}; the common install body from its
 * tokens, {@code InstallReader}), the client's address behind trusted proxies; then {@link io.ctvgateway.install}
 * prepares and admits. {@code POST /v1/{platform}/install} is served without Vert.x Web's router
 * ({@code IngestRoutes}, {@code Exchange}), every other endpoint through it. Admission's outcomes and refusals
 * become HTTP in one place ({@code HttpAnswers}), every failure in one handler ({@code FailureHandler}), with
 * the shared {@link io.ctvgateway.http.ErrorBody}.
 */
package io.ctvgateway.ingest;
