package io.ctvgateway.delivery;

import io.ctvgateway.config.AppConfig;
import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.config.UpstreamConfig;
import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalRecord;
import io.ctvgateway.kochava.InstallAuth;
import io.ctvgateway.kochava.UpstreamRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal and sends each record to Kochava until it is delivered or dead-lettered.
 *
 * <p>Design note. One verticle instance, so all state below is owned by one event loop and needs no locks.
 * At most {@code delivery.window} records are held in memory; the rest of a backlog waits on disk, so a
 * long Kochava outage costs disk, not heap. At most {@code upstream.max_in_flight} requests are on the wire.
 * Each answer is classified ({@link ResponseClassifier}): delivered and dead-lettered records are settled
 * in the journal; retryable ones wait out an exponential backoff with jitter ({@link Backoff}) or the
 * server's {@code Retry-After}; a run of failures opens the {@link CircuitBreaker}, which then lets one
 * probe through at a time. 401/403 means our configuration is wrong: the breaker is tripped for
 * {@code misconfigured_retry_ms}, an error is logged each time, and nothing is dead-lettered for it.
 * Records past {@code max_attempts} or {@code max_age_ms} go to dead letters with the last status and body:
 * nothing expires silently.
 */
public final class Delivery extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Journal journal;
  private final InstallLedger ledger;
  private final DeadLetters deadLetters;
  private final UpstreamConfig upstream;
  private final DeliveryConfig config;
  private final KochavaConfig kochava;
  private final Clock clock;
  private final DeliveryStats stats;
  private final ArrayDeque<Attempt> ready = new ArrayDeque<>();
  /** Seq to acceptance time of every record held, to report the backlog's age. */
  private final TreeMap<Long, Long> held = new TreeMap<>();
  /**
   * Devices with a record on its way (keyed by the request's order key), and that device's later records,
   * which wait here until it settles: an event never overtakes its install, even across retries.
   */
  private final Map<String, ArrayDeque<Attempt>> devices = new HashMap<>();
  private CircuitBreaker breaker;
  private Backoff backoff;
  private WebClient client;
  private int window;
  private int inFlight;
  private boolean polling;
  private boolean pumpScheduled;
  private boolean stopping;
  private Promise<Void> drained;

  public Delivery(Journal journal, InstallLedger ledger, DeadLetters deadLetters, UpstreamConfig upstream,
      DeliveryConfig config, KochavaConfig kochava, Clock clock, DeliveryStats stats) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.kochava = Objects.requireNonNull(kochava, "kochava");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  /** A record on its way; mutable, owned by the event loop. */
  private static final class Attempt {
    final long seq;
    final UpstreamRequest request;
    final Buffer body;
    int attempts;
    int lastStatus;
    String lastBody = "";

    Attempt(long seq, UpstreamRequest request) {
      this.seq = seq;
      this.request = request;
      this.body = Buffer.buffer(request.body());
    }
  }

  @Override
  public Future<?> start() {
    breaker = new CircuitBreaker(clock, config.breakerFailures(), config.breakerOpenMs(), config.breakerMaxOpenMs());
    backoff = new Backoff(config.initialBackoffMs(), config.maxBackoffMs());
    client = WebClient.create(vertx,
        new WebClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout(upstream.connectTimeoutMs())
            .setUserAgentEnabled(false),
        new PoolOptions().setHttp1MaxSize(upstream.maxConnections()));
    poll();
    return Future.succeededFuture();
  }

  /** Lets requests in flight end (at most {@code graceMs}); undelivered records stay in the journal. */
  public Future<Void> drain(long graceMs) {
    stopping = true;
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    vertx.setTimer(Math.max(1, graceMs), id -> drained.tryComplete());
    return drained.future();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  private void poll() {
    if (polling || stopping || window >= config.window()) {
      return;
    }
    polling = true;
    journal.poll(config.window() - window).onComplete(this::received);
  }

  private void received(AsyncResult<List<JournalRecord>> result) {
    polling = false;
    if (result.failed()) {
      if (!stopping) {
        LOG.error("event=journal_poll_failed cause={}", result.cause().toString());
        vertx.setTimer(1_000, id -> poll());
      }
      return;
    }
    for (JournalRecord record : result.result()) {
      UpstreamRequest request;
      try {
        request = UpstreamRequest.fromBytes(record.payload());
      } catch (IllegalArgumentException e) {
        window++;
        LOG.error("event=unreadable_record seq={} cause={}", record.seq(), e.getMessage());
        deadLetter(record.seq(), new DeadLetter("unreadable_record", 0, e.getMessage(), 0, clock.millis(), null,
            DeadLetter.base64(record.payload())));
        continue;
      }
      window++;
      held.put(record.seq(), request.acceptedAtMillis());
      admitInOrder(new Attempt(record.seq(), request));
    }
    publish();
    pump();
    if (!result.result().isEmpty()) {
      poll();
    }
  }

  private void admitInOrder(Attempt attempt) {
    String device = attempt.request.orderKey();
    if (device == null) {
      ready.add(attempt);
      return;
    }
    ArrayDeque<Attempt> waiting = devices.get(device);
    if (waiting != null) {
      waiting.add(attempt);
    } else {
      devices.put(device, new ArrayDeque<>());
      ready.add(attempt);
    }
  }

  /** The device's next record, if any, may go now. */
  private void releaseNext(UpstreamRequest request) {
    String device = request == null ? null : request.orderKey();
    if (device == null) {
      return;
    }
    ArrayDeque<Attempt> waiting = devices.get(device);
    Attempt next = waiting == null ? null : waiting.poll();
    if (next != null) {
      ready.add(next);
    } else {
      devices.remove(device);
    }
  }

  private void pump() {
    while (!stopping && inFlight < upstream.maxInFlight() && !ready.isEmpty()) {
      long wait = breaker.acquire();
      if (wait > 0) {
        schedulePump(wait);
        return;
      }
      send(ready.poll());
    }
  }

  private void schedulePump(long delayMs) {
    if (!pumpScheduled) {
      pumpScheduled = true;
      vertx.setTimer(delayMs, id -> {
        pumpScheduled = false;
        pump();
      });
    }
  }

  private void send(Attempt attempt) {
    inFlight++;
    attempt.attempts++;
    HttpRequest<Buffer> request = client.postAbs(upstream.url())
        .timeout(upstream.timeoutMs())
        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
        .putHeader(HttpHeaders.USER_AGENT.toString(), attempt.request.userAgent());
    AppConfig app = kochava.app(attempt.request.appId());
    if (app.signs()) {
      // Signed at send time with the current key, over the very bytes that were journaled and are sent.
      request.putHeader(InstallAuth.API_KEY_HEADER, app.apiKey())
          .putHeader(InstallAuth.TOKEN_HEADER, InstallAuth.token(attempt.body.getBytes(), app.apiKey(), app.secret()));
    }
    request.sendBuffer(attempt.body)
        .onComplete(result -> {
          inFlight--;
          answered(attempt, result);
          if (stopping && inFlight == 0 && drained != null) {
            drained.tryComplete();
          }
          pump();
        });
  }

  private void answered(Attempt attempt, AsyncResult<HttpResponse<Buffer>> result) {
    Verdict verdict;
    Long retryAfter = null;
    if (result.succeeded()) {
      HttpResponse<Buffer> response = result.result();
      attempt.lastStatus = response.statusCode();
      attempt.lastBody = response.bodyAsString() == null ? "" : response.bodyAsString();
      verdict = ResponseClassifier.classify(response.statusCode(), response.body());
      retryAfter = ResponseClassifier.retryAfterMillis(response.getHeader(HttpHeaders.RETRY_AFTER.toString()));
    } else {
      attempt.lastStatus = 0;
      attempt.lastBody = String.valueOf(result.cause());
      verdict = Verdict.RETRY;
    }
    switch (verdict) {
      case DELIVERED -> {
        if (breaker.onSuccess()) {
          publish();
          LOG.info("event=upstream_recovered breaker=closed");
        }
        stats.delivered.incrementAndGet();
        LOG.debug("event=delivered receipt={} attempts={}", attempt.request.receipt(), attempt.attempts);
        settle(attempt.seq, attempt.request);
      }
      case INVALID -> {
        breaker.onSuccess();
        LOG.warn("event=rejected_by_upstream receipt={} status={} body={}", attempt.request.receipt(),
            attempt.lastStatus, clip(attempt.lastBody));
        deadLetter(attempt, attempt.lastStatus == 200 ? "refused" : "rejected");
      }
      case MISCONFIGURED -> {
        stats.misconfigured.incrementAndGet();
        LOG.error("event=upstream_misconfigured status={} body={} retry_in_ms={} hint=check the Kochava app id and"
            + " API key; records are kept and retried", attempt.lastStatus, clip(attempt.lastBody),
            config.misconfiguredRetryMs());
        breaker.trip(config.misconfiguredRetryMs());
        ready.addFirst(attempt);
      }
      case THROTTLED -> {
        stats.throttled.incrementAndGet();
        retryLater(attempt, retryAfter != null ? retryAfter : backoff.delayMillis(attempt.attempts));
      }
      case RETRY -> {
        stats.retried.incrementAndGet();
        if (breaker.onFailure()) {
          publish();
          LOG.warn("event=upstream_down breaker=open status={} cause={}", attempt.lastStatus, clip(attempt.lastBody));
        }
        retryLater(attempt, backoff.delayMillis(attempt.attempts));
      }
    }
  }

  private void retryLater(Attempt attempt, long delayMs) {
    if (attempt.attempts >= config.maxAttempts()) {
      deadLetter(attempt, "max_attempts");
      return;
    }
    if (clock.millis() - attempt.request.acceptedAtMillis() + delayMs > config.maxAgeMs()) {
      deadLetter(attempt, "max_age");
      return;
    }
    LOG.debug("event=retry_scheduled receipt={} attempt={} status={} delay_ms={}", attempt.request.receipt(),
        attempt.attempts, attempt.lastStatus, delayMs);
    vertx.setTimer(Math.max(1, delayMs), id -> {
      ready.add(attempt);
      pump();
    });
  }

  private void deadLetter(Attempt attempt, String reason) {
    deadLetter(attempt.seq, new DeadLetter(reason, attempt.lastStatus, attempt.lastBody, attempt.attempts,
        clock.millis(), attempt.request, null));
  }

  /** The record is settled only once its dead letter is durable; if that fails, it is retried later. */
  private void deadLetter(long seq, DeadLetter letter) {
    deadLetters.add(letter)
        .onSuccess(id -> {
          stats.deadLettered.incrementAndGet();
          LOG.warn("event=dead_lettered reason={} receipt={} status={} attempts={} dead_letter_id={}", letter.reason(),
              letter.request() == null ? "-" : letter.request().receipt(), letter.status(), letter.attempts(), id);
          settle(seq, letter.request());
        })
        .onFailure(failure -> {
          LOG.error("event=dead_letter_write_failed seq={} cause={}", seq, failure.toString());
          if (letter.request() != null) {
            Attempt retry = new Attempt(seq, letter.request());
            retry.attempts = letter.attempts();
            vertx.setTimer(config.initialBackoffMs(), id -> {
              ready.add(retry);
              pump();
            });
          }
        });
  }

  /**
   * The ledger keeps the install's key first (the embedded ledger appends it to its key log), and only then
   * may the journal forget the record: a key is never only in a record the journal has dropped.
   */
  private void settle(long seq, UpstreamRequest request) {
    if (request == null || request.ledgerKey() == null) {
      forget(seq, request);
      return;
    }
    ledger.settle(LedgerKey.parse(request.ledgerKey()), Receipt.parse(request.receipt()))
        .onComplete(kept -> {
          if (kept.failed()) {
            // Settling anyway: keeping the record would stall the window; the cost is a possible duplicate.
            LOG.error("event=ledger_settle_failed receipt={} cause={}", request.receipt(), kept.cause().toString());
          }
          forget(seq, request);
        });
  }

  private void forget(long seq, UpstreamRequest request) {
    journal.settle(seq);
    releaseNext(request);
    window--;
    held.remove(seq);
    publish();
    pump(); // the device's next record may be ready now
    poll();
  }

  private void publish() {
    stats.inWindow.set(window);
    stats.oldestAcceptedAtMillis = held.isEmpty() ? 0 : held.firstEntry().getValue();
    stats.breaker = breaker.state().name().toLowerCase(Locale.ROOT);
  }

  private static String clip(String text) {
    String flat = text.replace('\n', ' ').replace('\r', ' ');
    return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
  }
}
