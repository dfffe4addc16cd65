/**
 * What both HTTP servers (the TV-facing port and the admin port) share: the one JSON error body every error
 * answer carries.
 */
package io.ctvgateway.http;
