package io.ctvgateway.admin;

import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.install.Refusal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Liveness (the process answers) and readiness (it should get traffic): ready while ingest takes installs (the
 * journal takes appends, no backlog or disk refusal, not shutting down) and the install ledger answers (a
 * shared ledger in Redis that does not makes the gateway unready, unless it may accept without it:
 * {@code fail_open}).
 *
 * <p>A Kochava outage does not make the gateway unready, however long: buffering through it is the gateway's
 * job, and pulling every instance out of the load balancer during an outage would turn a delay into lost
 * installs. The backlog's age is reported instead ({@code checks.backlog.oldest_age_ms}, {@code stale} past
 * {@code admin.max_backlog_age_ms}, and the {@code ctvgw_backlog_oldest_age_seconds} gauge) for alerting;
 * only a backlog so large that installs are refused ({@code backlog_full}) makes it unready.
 */
final class HealthHandler {
  private final AdminRoutes.Deps deps;

  HealthHandler(AdminRoutes.Deps deps) {
    this.deps = deps;
  }

  void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "up"));
  }

  void ready(RoutingContext ctx) {
    Refusal.Reason refused = deps.backpressure().refusal();
    String refusal = refused == null ? null : refused.code();
    long backlogAgeMs = backlogAgeMs(deps);
    boolean journalTakes = deps.queue().takesAppends();
    LedgerStatus ledger = deps.ledger().get();
    boolean ready = refusal == null && journalTakes && ledger.ready();
    JsonObject checks = new JsonObject()
        .put("ingest", new JsonObject().put("ok", refusal == null).put("refusal", refusal))
        .put(deps.queue().type(), new JsonObject().put("ok", journalTakes).put("takes_appends", journalTakes)
            .put("disk_low", deps.queue().diskLow()))
        .put("backlog", new JsonObject()
            .put("ok", true)
            .put("oldest_age_ms", backlogAgeMs)
            .put("stale", backlogAgeMs > deps.config().maxBacklogAgeMs())
            .put("max_age_ms", deps.config().maxBacklogAgeMs())
            .put("unsettled_records", deps.queue().unsettledRecords()))
        .put("upstream", new JsonObject().put("breaker", deps.delivery().breaker()))
        .put("ledger", new JsonObject()
            .put("ok", ledger.up())
            .put("type", ledger.type())
            .put("problem", ledger.problem())
            .put("on_unavailable", ledger.failOpen() ? "fail_open" : "fail_closed"));
    ctx.response().setStatusCode(ready ? 200 : 503);
    ctx.json(new JsonObject().put("status", ready ? "ready" : "not_ready").put("checks", checks));
  }

  /** How long the oldest undelivered install has waited, 0 when none waits. */
  static long backlogAgeMs(AdminRoutes.Deps deps) {
    long oldest = deps.delivery().oldestAcceptedAtMillis();
    return oldest == 0 ? 0 : Math.max(0, deps.clock().millis() - oldest);
  }
}
