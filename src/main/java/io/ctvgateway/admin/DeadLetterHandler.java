package io.ctvgateway.admin;

import io.ctvgateway.delivery.DeadLetter;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.http.ErrorBody;
import io.ctvgateway.install.AcceptedInstall;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Predicate;

/**
 * The dead-letter API: list (filtered by reason, app and platform), read one with Kochava's answer and the
 * original request, re-queue and purge one or a filtered set. Every bad parameter is a 400 naming it.
 */
final class DeadLetterHandler {
  /** The reasons {@link DeadLetter} records; a filter on anything else is a typo, answered 400. */
  static final List<String> REASONS = List.of("rejected", "refused", "max_attempts", "max_age", "unreadable_record");
  private static final int MAX_LIMIT = 1_000;

  private final DeadLetters deadLetters;

  DeadLetterHandler(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /** {@code GET /dead-letters?from=ID&limit=N&reason=R&app=A&platform=P}: oldest first; {@code next} continues. */
  void list(RoutingContext ctx) {
    Long from = number(ctx, "from", 0, 0, Long.MAX_VALUE);
    Long limit = from == null ? null : number(ctx, "limit", 100, 0, MAX_LIMIT);
    Predicate<DeadLetters.Entry> match = limit == null ? null : filter(ctx, false);
    if (match == null) {
      return; // answered 400
    }
    deadLetters.find(from, limit.intValue(), match)
        .onSuccess(page -> {
          JsonArray items = new JsonArray();
          page.entries().forEach(entry -> items.add(describe(entry, false)));
          ctx.json(new JsonObject().put("dead_letters", items).put("total", deadLetters.size())
              .put("next", page.next() == 0 ? null : page.next()));
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /dead-letters/{id}}: one dead letter in full. */
  void get(RoutingContext ctx) {
    withOne(ctx, entry -> {
      ctx.json(describe(entry, true));
      return Future.succeededFuture();
    });
  }

  /** {@code POST /dead-letters/requeue[?reason=&app=&platform=]}: every (matching) dead letter back to delivery. */
  void requeueAll(RoutingContext ctx) {
    Predicate<DeadLetters.Entry> match = filter(ctx, false);
    if (match != null) {
      deadLetters.requeueWhere(match)
          .onSuccess(count -> ctx.json(new JsonObject().put("requeued", count)))
          .onFailure(ctx::fail);
    }
  }

  /** {@code POST /dead-letters/{id}/requeue}. */
  void requeueOne(RoutingContext ctx) {
    withOne(ctx, entry -> entry.letter().install() == null
        ? Future.succeededFuture(ErrorBody.send(ctx.response(), 409, "not_requeueable", "dead letter " + entry.id()
            + " holds an unreadable record; it can only be purged", "id", 0)).mapEmpty()
        : deadLetters.requeue(entry).onSuccess(done -> ctx.json(new JsonObject().put("requeued", 1))));
  }

  /** {@code DELETE /dead-letters/{id}}. */
  void purgeOne(RoutingContext ctx) {
    withOne(ctx, entry -> deadLetters.purgeWhere(e -> e.id() == entry.id())
        .onSuccess(count -> ctx.json(new JsonObject().put("purged", count))).mapEmpty());
  }

  /**
   * {@code DELETE /dead-letters?reason=&app=&platform=} purges the matching ones; {@code ?all=true} every one.
   * Without either it is a 400: a bare DELETE must not empty the store by accident.
   */
  void purgeAll(RoutingContext ctx) {
    Predicate<DeadLetters.Entry> match = filter(ctx, true);
    if (match != null) {
      deadLetters.purgeWhere(match)
          .onSuccess(count -> ctx.json(new JsonObject().put("purged", count)))
          .onFailure(ctx::fail);
    }
  }

  private void withOne(RoutingContext ctx, java.util.function.Function<DeadLetters.Entry, Future<?>> action) {
    long id = parse(ctx.pathParam("id"));
    if (id < 1) {
      ErrorBody.send(ctx.response(), 400, "invalid_value", "id must be a positive integer, got '"
          + clip(ctx.pathParam("id")) + "'", "id", 0);
      return;
    }
    deadLetters.list(id, 1)
        .compose(entries -> {
          if (entries.isEmpty() || entries.get(0).id() != id) {
            ErrorBody.send(ctx.response(), 404, "not_found", "no dead letter " + id
                + " (re-queued, purged, expired, or never made)", "id", 0);
            return Future.succeededFuture();
          }
          return action.apply(entries.get(0));
        })
        .onFailure(ctx::fail);
  }

  /** The filter of {@code reason}, {@code app}, {@code platform} (and {@code all}), or null when answered 400. */
  private static Predicate<DeadLetters.Entry> filter(RoutingContext ctx, boolean purging) {
    String reason = ctx.request().getParam("reason");
    String app = ctx.request().getParam("app");
    String platform = ctx.request().getParam("platform");
    String all = ctx.request().getParam("all");
    if (reason != null && !REASONS.contains(reason)) {
      ErrorBody.send(ctx.response(), 400, "invalid_value", "reason must be one of " + String.join(", ", REASONS)
          + ", got '" + clip(reason) + "'", "reason", 0);
      return null;
    }
    if (all != null && !all.equals("true")) {
      ErrorBody.send(ctx.response(), 400, "invalid_value", "all must be true when given, got '" + clip(all) + "'",
          "all", 0);
      return null;
    }
    if (purging && reason == null && app == null && platform == null && all == null) {
      ErrorBody.send(ctx.response(), 400, "missing_field", "say what to purge: reason, app or platform, or all=true"
          + " for every dead letter", "all", 0);
      return null;
    }
    return entry -> {
      DeadLetter letter = entry.letter();
      AcceptedInstall install = letter.install();
      return (reason == null || reason.equals(letter.reason()))
          && (app == null || (install != null && app.equals(install.appId())))
          && (platform == null || (install != null && platform.equals(install.platform())));
    };
  }

  /** A whole-number query parameter in [min, max], its default when absent, or null when answered 400. */
  private static Long number(RoutingContext ctx, String name, long fallback, long min, long max) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    long parsed = parse(value);
    if (parsed < min || parsed > max) {
      ErrorBody.send(ctx.response(), 400, "invalid_value", name + " must be a whole number from " + min + " to "
          + max + ", got '" + clip(value) + "'", name, 0);
      return null;
    }
    return parsed;
  }

  static JsonObject describe(DeadLetters.Entry entry, boolean full) {
    DeadLetter letter = entry.letter();
    JsonObject json = new JsonObject()
        .put("id", entry.id())
        .put("reason", letter.reason())
        .put("status", letter.status())
        .put("upstream_answer", letter.upstreamBody())
        .put("attempts", letter.attempts())
        .put("dead_at", letter.deadAtMillis());
    AcceptedInstall install = letter.install();
    if (install != null) {
      json.put("receipt", install.receipt().toString())
          .put("platform", install.platform())
          .put("app_id", install.appId())
          .put("accepted_at", install.acceptedAtMillis());
      if (full) {
        json.put("upstream_request", install.body())
            .put("upstream_user_agent", install.userAgent())
            .put("original_request", original(install.original()));
      }
    } else if (full) {
      json.put("raw", letter.raw());
    }
    return json;
  }

  /** The client's request as kept (identifiers that were not forwarded redacted): JSON when it parses. */
  private static Object original(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return text;
    }
  }

  private static long parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 19 || !value.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
