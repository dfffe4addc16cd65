package io.ctvgateway.install;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One log line per state change of something that fails for every request while it is down (the ledger, the
 * journal): the first failure of a streak logs {@code event=<name>_unavailable} with its cause, the first success
 * after it logs {@code event=<name>_available} with how many requests were refused meanwhile. A Redis outage
 * under load is then two lines, not one per refused install.
 */
final class FailureStreak {
  private final Logger log;
  private final String name;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();

  FailureStreak(Logger log, String name) {
    this.log = log;
    this.name = name;
  }

  void failed(Throwable cause, boolean error) {
    refused.incrementAndGet();
    if (failing.compareAndSet(false, true)) {
      if (error) {
        log.error("event={}_unavailable installs=refused cause={}", name, cause.toString());
      } else {
        log.warn("event={}_unavailable installs=refused cause={}", name, cause.toString());
      }
    }
  }

  void succeeded() {
    if (failing.get() && failing.compareAndSet(true, false)) {
      log.info("event={}_available refused_while_unavailable={}", name, refused.getAndSet(0));
    }
  }
}
