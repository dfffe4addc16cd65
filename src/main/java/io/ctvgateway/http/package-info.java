/**
 * What both HTTP servers (the TV-facing port and the admin port) share: the one JSON error body every error
 * answer carries ({@link io.ctvgateway.http.ErrorBody}), the HTTP/1.1 message rules Netty leaves to the server
 * ({@link io.ctvgateway.http.StrictHttp}), and the defences against slow and greedy clients
 * ({@link io.ctvgateway.http.SlowClients}, {@link io.ctvgateway.http.ConnectionLimits}); and the per-loop timing
 * wheel their deadlines, and the upstream client's, are kept in ({@link io.ctvgateway.http.Deadlines}).
 */
package io.ctvgateway.http;
