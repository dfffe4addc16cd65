package io.ctvgateway.admin;

import io.ctvgateway.delivery.DeadLetter;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.http.ErrorBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Lists dead letters and sends them back to delivery. */
final class DeadLetterHandler {
  private final DeadLetters deadLetters;

  DeadLetterHandler(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /** {@code GET /dead-letters?from=ID&limit=N}: oldest first. */
  void list(RoutingContext ctx) {
    long from = param(ctx, "from", 0);
    int limit = (int) Math.min(1_000, Math.max(1, param(ctx, "limit", 100)));
    deadLetters.list(from, limit)
        .onSuccess(entries -> {
          JsonArray items = new JsonArray();
          entries.forEach(entry -> items.add(describe(entry)));
          ctx.json(new JsonObject().put("dead_letters", items).put("total", deadLetters.size()));
        })
        .onFailure(ctx::fail);
  }

  /** {@code POST /dead-letters/requeue}: every dead letter back to delivery. */
  void requeueAll(RoutingContext ctx) {
    deadLetters.requeueAll()
        .onSuccess(count -> ctx.json(new JsonObject().put("requeued", count)))
        .onFailure(ctx::fail);
  }

  /** {@code POST /dead-letters/{id}/requeue}. */
  void requeueOne(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    if (id < 1) {
      ErrorBody.send(ctx.response(), 400, "invalid_value", "id must be a positive integer, got '"
          + ctx.pathParam("id") + "'", "id", 0);
      return;
    }
    deadLetters.list(id, 1)
        .compose(entries -> entries.isEmpty() || entries.get(0).id() != id
            ? Future.<Boolean>succeededFuture(false)
            : deadLetters.requeue(entries.get(0)).map(true))
        .onSuccess(found -> {
          if (found) {
            ctx.json(new JsonObject().put("requeued", 1));
          } else {
            ErrorBody.send(ctx.response(), 404, "not_found", "no dead letter " + id, "id", 0);
          }
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject describe(DeadLetters.Entry entry) {
    DeadLetter letter = entry.letter();
    JsonObject json = new JsonObject()
        .put("id", entry.id())
        .put("reason", letter.reason())
        .put("status", letter.status())
        .put("upstream_body", letter.upstreamBody())
        .put("attempts", letter.attempts())
        .put("dead_at", letter.deadAtMillis());
    if (letter.install() != null) {
      json.put("receipt", letter.install().receipt().toString())
          .put("platform", letter.install().platform())
          .put("app_id", letter.install().appId());
    }
    return json;
  }

  private static long param(RoutingContext ctx, String name, long fallback) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    long parsed = parseId(value);
    return parsed < 0 ? fallback : parsed;
  }

  private static long parseId(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
