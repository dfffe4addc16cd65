package io.ctvgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.profile.InstallKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One record of a device on its way at a time; the device's later ones wait, in order, and only its own. */
class DeviceQueuesTest {
  private final Clock clock = Clock.systemUTC();
  private long seq;

  private Attempt attempt(String device) {
    LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", device));
    return new Attempt(++seq, new AcceptedInstall(Receipt.next(clock), "roku", "koctv-app", clock.millis(), "{}",
        "Unknown", "{}", OrderKey.of(key), key));
  }

  @Test
  void aDevicesLaterRecordsWaitInOrderAndGoOneAtATimeAsEachSettles() {
    DeviceQueues queues = new DeviceQueues();
    Attempt first = attempt("a");
    Attempt second = attempt("a");
    Attempt third = attempt("a");
    Attempt other = attempt("b");
    assertTrue(queues.admit(first));
    assertFalse(queues.admit(second), "waits behind the record on its way");
    assertFalse(queues.admit(third));
    assertTrue(queues.admit(other), "another device does not wait");
    assertSame(second, queues.release(first.install.orderKey()));
    assertSame(third, queues.release(first.install.orderKey()));
    assertNull(queues.release(first.install.orderKey()), "none left: the device is free");
    assertTrue(queues.admit(attempt("a")), "free again once its last record settled");
    assertNull(queues.release(other.install.orderKey()));
    assertTrue(queues.admit(attempt("b")));
  }

  @Test
  void aDeviceWithNoneWaitingDoesNotShareItsQueueWithAnother() {
    // Devices with nothing waiting share one empty marker queue: the first record to wait gets a queue of its own.
    DeviceQueues queues = new DeviceQueues();
    Attempt a = attempt("a");
    Attempt b = attempt("b");
    assertTrue(queues.admit(a));
    assertTrue(queues.admit(b));
    Attempt waitingForA = attempt("a");
    assertFalse(queues.admit(waitingForA));
    assertNull(queues.release(b.install.orderKey()), "b's queue is still empty");
    assertSame(waitingForA, queues.release(a.install.orderKey()));
  }

  @Test
  void withdrawnRecordsLeaveTheirDevicesQueue() {
    DeviceQueues queues = new DeviceQueues();
    Attempt first = attempt("a");
    Attempt second = attempt("a");
    Attempt third = attempt("a");
    queues.admit(first);
    queues.admit(second);
    queues.admit(third);
    queues.admit(attempt("c")); // a device with none waiting: its empty queue is walked too
    List<Attempt> removed = new ArrayList<>();
    queues.removeWaiting(x -> x == second, removed::add);
    assertSame(second, removed.get(0));
    assertSame(third, queues.release(first.install.orderKey()));
  }
}
