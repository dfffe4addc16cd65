package io.ctvgateway.process;

import io.ctvgateway.testing.FakeKochava;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What reached the fake Kochava (answered 200), by the RIDA in the body, parsed incrementally: waiting
 * conditions are checked every few milliseconds on the event loop that also serves the fake, so each check
 * parses only the requests that arrived since the last one.
 */
final class Arrivals {
  private final FakeKochava kochava;
  private final Map<String, Integer> deliveries = new HashMap<>();
  private int parsed;

  Arrivals(FakeKochava kochava) {
    this.kochava = kochava;
  }

  /** Every RIDA delivered so far. */
  synchronized Set<String> ridas() {
    update();
    return Set.copyOf(deliveries.keySet());
  }

  /** True once every one of {@code expected} was delivered at least once. */
  synchronized boolean containAll(Set<String> expected) {
    update();
    return deliveries.keySet().containsAll(expected);
  }

  /** How many of {@code ridas} were delivered more than once. */
  synchronized long deliveredMoreThanOnce(Set<String> ridas) {
    update();
    return ridas.stream().filter(rida -> deliveries.getOrDefault(rida, 0) > 1).count();
  }

  private void update() {
    List<FakeKochava.Received> accepted = kochava.accepted();
    for (; parsed < accepted.size(); parsed++) {
      deliveries.merge(JournalFiles.ridaOf(accepted.get(parsed).json()), 1, Integer::sum);
    }
  }
}
