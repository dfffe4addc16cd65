package io.ctvgateway.admin;

import io.ctvgateway.config.AdminConfig;
import io.ctvgateway.http.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * In front of every admin endpoint that changes or reveals data (dead letters, requeue, preview).
 *
 * <p>With {@code admin.token}: {@code Authorization: Bearer <token>} is required (compared in constant time),
 * else 401. A browser page on another site cannot send it, so this also stops cross-site requests.
 *
 * <p>Without a token (allowed on a loopback address only), a local browser is still the way in for an
 * attacker, so: a request with an {@code Origin} (every cross-site POST has one) is refused unless it is the
 * admin port's own origin (CSRF: a {@code text/plain} form POST to requeue), and the {@code Host} must be a
 * loopback name (DNS rebinding: a page whose name resolves to 127.0.0.1 sends its own name as Host).
 */
final class AdminGuard implements Handler<RoutingContext> {
  private final byte[] token;
  private final boolean loopbackOnly;

  AdminGuard(AdminConfig config) {
    this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
    this.loopbackOnly = config.loopbackOnly();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token != null) {
      String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
          ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
      if (!MessageDigest.isEqual(presented, token)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ctv-gateway admin\"");
        ErrorBody.send(ctx.response(), 401, "unauthorized",
            "this admin endpoint needs the admin token: send Authorization: Bearer <admin.token>", null, 0);
        return;
      }
      ctx.next();
      return;
    }
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    if (loopbackOnly && !loopbackHost(host)) {
      ErrorBody.send(ctx.response(), 403, "forbidden_host", "the admin port answers only to a loopback Host (127.0.0.1,"
          + " localhost, [::1]); set admin.token to reach it under another name", null, 0);
      return;
    }
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
      ErrorBody.send(ctx.response(), 403, "cross_site_request", "the admin port refuses requests from another site"
          + " (Origin " + clip(origin) + "); set admin.token and send it as a bearer token", null, 0);
      return;
    }
    ctx.next();
  }

  private static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return name.startsWith("[::1]");
    }
    int colon = name.indexOf(':');
    name = colon < 0 ? name : name.substring(0, colon);
    return name.equals("localhost") || name.startsWith("127.");
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
