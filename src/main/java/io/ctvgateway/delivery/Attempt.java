package io.ctvgateway.delivery;

import io.ctvgateway.install.AcceptedInstall;
import io.vertx.core.buffer.Buffer;

/** A journal record on its way to Kochava; mutable, owned by the delivery event loop. */
final class Attempt {
  final long seq;
  final AcceptedInstall install;
  /** The body bytes, made once: every attempt sends (and signs) the same buffer. */
  final Buffer body;
  /** Sends that counted toward {@code max_attempts} (a throttled one does not). */
  int attempts;
  /** The shared ledger said this receipt holds the device's key (shared queue only). */
  boolean arbitrated;
  int lastStatus;
  String lastBody = "";

  Attempt(long seq, AcceptedInstall install) {
    this.seq = seq;
    this.install = install;
    this.body = install.bodyBytes().buffer(); // the record's own bytes, not a copy
  }
}
