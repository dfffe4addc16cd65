package io.ctvgateway.http;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines of one event loop, in a timing wheel turned by one periodic timer: arming, moving and disarming a
 * deadline is a few field writes, where a Vert.x timer per deadline cost a scheduled task, an entry in a map
 * shared by all loops, and a removal from Netty's priority queue on cancel. {@link SlowClients} sets two
 * deadlines per request and cancels both (header, then request, then keep-alive); as Vert.x timers that was
 * 5% of the gateway's CPU per install.
 *
 * <p>The wheel has {@link #BUCKETS} buckets of {@code tickMs}; a deadline lives in the bucket of its due tick,
 * in a doubly linked list, so disarming unlinks it at once and nothing cancelled lingers. A deadline further
 * out than one turn of the wheel stays in its bucket until a turn brings its tick. A deadline fires at its due
 * time or up to one tick later, never earlier. The periodic timer runs only while some deadline is armed.
 *
 * <p>Not thread-safe: every call comes from the event loop that armed the first deadline (the periodic timer
 * runs there).
 */
public final class Deadlines {
  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);
  static final int BUCKETS = 1024;
  /** A resolution fine enough for deadlines of seconds, and a turn every 10 ms while any is armed. */
  public static final long DEFAULT_TICK_MS = 10;
  /** A deadline's bucket while it waits, in {@link #turn}, for its action to run (disarming it still stops it). */
  private static final int FIRING = -2;

  /** One deadline, reusable: armed, moved and disarmed as often as its owner needs. */
  public static final class Deadline {
    private final Runnable action;
    private long dueTick;
    private int bucket = -1;
    private Deadline previous;
    private Deadline next;

    public Deadline(Runnable action) {
      this.action = action;
    }

    /** Whether it is armed (it neither fired nor was disarmed since it was last armed). */
    public boolean armed() {
      return bucket != -1;
    }
  }

  private final Vertx vertx;
  private final long tickMs;
  private final long tickNanos;
  /** Times are taken from here: never negative, so ticks and buckets are too (nanoTime's origin is arbitrary). */
  private final long origin = System.nanoTime();
  private final Deadline[] heads = new Deadline[BUCKETS];
  private final List<Deadline> firing = new ArrayList<>();
  /** The last tick whose bucket was looked at. */
  private long ticked;
  private int armed;
  private long timer = -1;

  public Deadlines(Vertx vertx, long tickMs) {
    if (tickMs < 1) {
      throw new IllegalArgumentException("tickMs must be at least 1, got " + tickMs);
    }
    this.vertx = vertx;
    this.tickMs = tickMs;
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
  }

  /** Arms {@code deadline} to fire in {@code delayMs} (moves it, when it was armed). */
  public void arm(Deadline deadline, long delayMs) {
    disarm(deadline);
    long now = System.nanoTime() - origin;
    if (timer < 0) {
      ticked = now / tickNanos; // idle until now: no bucket is behind
      timer = vertx.setPeriodic(tickMs, id -> turn());
    }
    // Rounded up: never early. And never into a bucket already passed this turn, which would wait a whole turn.
    long due = now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs));
    deadline.dueTick = Math.max(due / tickNanos + (due % tickNanos == 0 ? 0 : 1), ticked + 1);
    int bucket = (int) (deadline.dueTick % BUCKETS);
    deadline.bucket = bucket;
    deadline.previous = null;
    deadline.next = heads[bucket];
    if (heads[bucket] != null) {
      heads[bucket].previous = deadline;
    }
    heads[bucket] = deadline;
    armed++;
  }

  /** Disarms {@code deadline}; nothing happens if it is not armed. */
  public void disarm(Deadline deadline) {
    int bucket = deadline.bucket;
    if (bucket < 0) {
      deadline.bucket = -1; // not armed, or due and not run yet: then it will not run
      return;
    }
    if (deadline.previous == null) {
      heads[bucket] = deadline.next;
    } else {
      deadline.previous.next = deadline.next;
    }
    if (deadline.next != null) {
      deadline.next.previous = deadline.previous;
    }
    deadline.previous = null;
    deadline.next = null;
    deadline.bucket = -1;
    armed--;
  }

  /** Deadlines armed now. */
  public int armed() {
    return armed;
  }

  /**
   * One turn of the periodic timer: every bucket from the last one looked at to now's; a deadline due by its tick
   * is disarmed and, once the scan is over, run (its action may arm or disarm any deadline, this one included).
   */
  private void turn() {
    long now = (System.nanoTime() - origin) / tickNanos;
    // A late timer (a stalled loop) catches up, but never scans the wheel more than once around.
    long from = Math.max(ticked + 1, now - BUCKETS + 1);
    for (long tick = from; tick <= now; tick++) {
      for (Deadline d = heads[(int) (tick % BUCKETS)]; d != null; ) {
        Deadline next = d.next;
        if (d.dueTick <= now) {
          disarm(d);
          d.bucket = FIRING;
          firing.add(d);
        }
        d = next;
      }
    }
    ticked = now;
    for (int i = 0; i < firing.size(); i++) {
      Deadline due = firing.get(i);
      if (due.bucket != FIRING) {
        continue; // disarmed or armed again by an action that ran before it
      }
      due.bucket = -1;
      try {
        due.action.run();
      } catch (RuntimeException e) {
        LOG.error("event=deadline_action_failed cause={}", e.toString(), e);
      }
    }
    firing.clear();
    if (armed == 0 && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
