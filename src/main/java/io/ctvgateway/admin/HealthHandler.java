package io.ctvgateway.admin;

import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.install.Refusal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Liveness (the process answers) and readiness (it should get traffic): ready while ingest takes installs
 * (no backlog or disk refusal, not shutting down) and the oldest undelivered install is younger than
 * {@code admin.max_backlog_age_ms}, and the install ledger answers (a shared ledger in Redis that does not
 * makes the gateway unready, unless it may accept without it: {@code fail_open}). A Kochava outage alone does
 * not make the gateway unready: buffering through it is the gateway's job; the breaker state is reported for
 * information.
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
    long oldest = deps.delivery().oldestAcceptedAtMillis();
    long backlogAgeMs = oldest == 0 ? 0 : Math.max(0, deps.clock().millis() - oldest);
    boolean backlogFresh = backlogAgeMs <= deps.config().maxBacklogAgeMs();
    LedgerStatus ledger = deps.ledger().get();
    boolean ready = refusal == null && backlogFresh && ledger.ready();
    JsonObject checks = new JsonObject()
        .put("ingest", new JsonObject().put("ok", refusal == null).put("refusal", refusal))
        .put("backlog", new JsonObject()
            .put("ok", backlogFresh)
            .put("oldest_age_ms", backlogAgeMs)
            .put("unsettled_records", deps.journal().unsettledRecords()))
        .put("upstream", new JsonObject().put("breaker", deps.delivery().breaker()))
        .put("ledger", new JsonObject()
            .put("ok", ledger.up())
            .put("type", ledger.type())
            .put("problem", ledger.problem())
            .put("on_unavailable", ledger.failOpen() ? "fail_open" : "fail_closed"));
    ctx.response().setStatusCode(ready ? 200 : 503);
    ctx.json(new JsonObject().put("status", ready ? "ready" : "not_ready").put("checks", checks));
  }
}
