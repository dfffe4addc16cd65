package io.ctvgateway.queue;

import io.ctvgateway.config.QueueConfig;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install queue on a Kafka topic a fleet of gateways shares ({@code queue.type: kafka}).
 *
 * <p><b>Admission.</b> An install is produced keyed by its device's order key (one device, one partition: its
 * records keep their order) by an idempotent producer with {@code acks=all}; the append completes once every
 * in-sync replica has it. The producer's batching is the group commit ({@code linger_ms}). A send never blocks
 * the event loop ({@code max.block.ms=0}): without metadata or buffer space it fails at once, a 503.
 *
 * <p><b>Delivery.</b> One consumer of the fleet's group, on a thread of its own. Each record read gets a local
 * seq; delivery settles seqs in any order; per partition the committed offset is the lowest offset not yet
 * settled (or the next one to read when all are), committed every {@code commit_interval_ms}. A gateway killed
 * at any moment therefore costs its partitions' new owner a redelivery of what it had read and not committed,
 * never a loss. Reading pauses while this gateway holds {@code maxHeld} records, so a long Kochava outage costs
 * the brokers' disks, not this heap.
 *
 * <p><b>Rebalance.</b> Cooperative: only partitions that move are revoked. A revoked partition stops being
 * owned at once ({@link #owns} turns false), delivery withdraws what it has not sent, and the consumer thread
 * waits up to {@code revoke_wait_ms} for the records on the wire to settle, then commits and lets the
 * partition go. A partition lost (this gateway was thrown out of the group) is let go without a commit.
 *
 * <p><b>Health.</b> {@link #takesAppends} is false after a failed produce and while a probe, every second,
 * finds a partition without a leader or with fewer than {@code min_insync_replicas} in sync; installs are then
 * refused at once (503, Retry-After) instead of waiting out {@code produce_timeout_ms} each.
 */
public final class KafkaQueue implements InstallQueue, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaQueue.class);

  /** A partition this gateway reads: owned by the consumer thread, but for {@code owned} and {@code handed}. */
  private static final class Part {
    final TopicPartition tp;
    volatile boolean owned = true;
    /** Records read and handed to delivery (or waiting in the buffer), not yet settled or released. */
    final AtomicInteger handed = new AtomicInteger();
    /** Offsets read and not yet settled (released ones stay: their new owner must read them again). */
    final TreeSet<Long> outstanding = new TreeSet<>();
    /** The offset after the last one read; -1 before the first. */
    long next = -1;
    long committed = -1;

    Part(TopicPartition tp) {
      this.tp = tp;
    }

    /** The offset to commit: the first one not settled. */
    long commitOffset() {
      return outstanding.isEmpty() ? next : outstanding.first();
    }
  }

  /** A record handed out, by seq. */
  private record Held(Part part, long offset, int bytes) {}

  /** A settle (true) or a release (false) for the consumer thread to apply. */
  private record Done(Held held, boolean settled) {}

  /** The one poll delivery has outstanding. */
  private record Waiter(Promise<List<JournalRecord>> promise, int max, Context context) {}

  private final QueueConfig.Kafka config;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final int maxHeld;
  private final Thread consumerThread;
  private final ScheduledExecutorService probe;
  private final Map<TopicPartition, Part> parts = new HashMap<>();
  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<JournalRecord> buffer = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Waiter> waiter = new AtomicReference<>();
  private final AtomicLong seqs;
  private final long firstSeq;
  private final AtomicLong heldBytes = new AtomicLong();
  private final AtomicLong appending = new AtomicLong();
  private final AtomicLong produced = new AtomicLong();
  private final AtomicLong produceFailures = new AtomicLong();
  private volatile boolean writable = true;
  private volatile boolean running = true;
  private volatile boolean started;
  private volatile Runnable sweep = () -> { };

  private KafkaQueue(QueueConfig.Kafka config, String clientId, int maxHeld) {
    this.config = Objects.requireNonNull(config, "config");
    this.maxHeld = maxHeld;
    // Local seqs only have to increase within this process; starting from the clock keeps them increasing
    // across restarts too, so state keyed by seq in the data directory (forgotten devices) stays coherent.
    this.firstSeq = System.currentTimeMillis() * 1_000;
    this.seqs = new AtomicLong(firstSeq);
    this.admin = KafkaClients.admin(config, clientId + "-admin");
    this.producer = new KafkaProducer<>(KafkaClients.producer(config, clientId + "-producer"));
    this.consumer = new KafkaConsumer<>(KafkaClients.groupConsumer(config, clientId + "-delivery"));
    this.consumerThread = new Thread(this::run, "ctvgw-kafka-delivery");
    this.consumerThread.setDaemon(true);
    this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "ctvgw-kafka-probe");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Blocking (start-up, off the event loop): connects, checks or creates the topics, joins the group.
   *
   * @param maxHeld records read and not yet settled past which reading pauses (twice delivery's window)
   */
  public static KafkaQueue open(QueueConfig.Kafka config, String clientId, int maxHeld) throws Exception {
    KafkaQueue queue = new KafkaQueue(config, clientId, maxHeld);
    try {
      KafkaClients.ensureTopics(queue.admin, config, Duration.ofSeconds(30));
    } catch (Exception e) {
      queue.close();
      throw new IllegalStateException("Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e);
    }
    queue.awaitMetadata(Duration.ofSeconds(30));
    queue.consumer.subscribe(List.of(config.topic()), queue.new Rebalance());
    queue.consumerThread.start();
    queue.started = true;
    queue.probe.scheduleWithFixedDelay(queue::probe, 1, 1, TimeUnit.SECONDS);
    LOG.info("event=kafka_queue_open bootstrap={} topic={} group={} dead_letter_topic={}", config.bootstrapServers(),
        config.topic(), config.groupId(), config.deadLetterTopic());
    return queue;
  }

  /** The producer, shared with the dead letters' store. */
  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public Future<Long> append(OrderKey device, byte[] payload) {
    byte[] key = device == null ? null
        : ByteBuffer.allocate(16).putLong(device.high()).putLong(device.low()).array();
    appending.incrementAndGet();
    return KafkaClients.send(producer, new ProducerRecord<>(config.topic(), key, payload))
        .andThen(sent -> {
          appending.decrementAndGet();
          if (sent.succeeded()) {
            produced.incrementAndGet();
            reachable(true, null);
          } else {
            produceFailures.incrementAndGet();
            reachable(false, sent.cause());
          }
        })
        .map(RecordMetadata::offset);
  }

  private void reachable(boolean now, Throwable cause) {
    boolean was = writable;
    writable = now;
    if (was && !now) {
      LOG.error("event=kafka_unreachable bootstrap={} cause={} hint=\"installs get 503 until the brokers take"
          + " acks=all writes again\"", config.bootstrapServers(), cause == null ? "probe" : cause.toString());
    } else if (!was && now) {
      LOG.info("event=kafka_reachable bootstrap={}", config.bootstrapServers());
    }
  }

  /**
   * Blocking (start-up): with {@code max.block.ms=0} a send fails until the producer knows the topic's
   * partitions, so they are fetched before the first install; each try asks for them again.
   */
  private void awaitMetadata(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        producer.partitionsFor(config.topic());
        return;
      } catch (KafkaException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the producer got no metadata for " + config.topic() + " in "
              + timeout.toSeconds() + " s: " + e);
        }
        Thread.sleep(20);
      }
    }
  }

  private void probe() {
    if (!running) {
      return;
    }
    // Also keeps the topic's metadata in use, so the producer never drops it as idle. Without it a send fails
    // at once (max.block.ms=0), so the queue takes appends only once the producer has it again.
    boolean metadata;
    try {
      producer.partitionsFor(config.topic());
      metadata = true;
    } catch (KafkaException e) {
      metadata = false;
    }
    boolean ok = metadata && KafkaClients.writable(admin, config, Duration.ofSeconds(2));
    if (ok != writable) {
      reachable(ok, null);
    }
  }

  @Override
  public Future<List<JournalRecord>> poll(int max) {
    List<JournalRecord> out = take(max);
    if (!out.isEmpty() || !running) {
      return Future.succeededFuture(out);
    }
    Promise<List<JournalRecord>> promise = Promise.promise();
    if (!waiter.compareAndSet(null, new Waiter(promise, max, Vertx.currentContext()))) {
      return Future.failedFuture(new IllegalStateException("a poll is already outstanding"));
    }
    if (!buffer.isEmpty()) {
      wake(); // records arrived between take and registering
    }
    return promise.future();
  }

  private List<JournalRecord> take(int max) {
    List<JournalRecord> out = new ArrayList<>(Math.min(max, 256));
    JournalRecord record;
    while (out.size() < max && (record = buffer.poll()) != null) {
      if (owns(record.seq())) {
        out.add(record);
      } else {
        release(record.seq()); // its partition moved before delivery saw it
      }
    }
    return out;
  }

  /** Hands the buffer to the waiting poll, on the poller's context; an empty take keeps it waiting. */
  private void wake() {
    Waiter w = waiter.getAndSet(null);
    if (w == null) {
      return;
    }
    onContext(w.context(), () -> {
      List<JournalRecord> out = take(w.max());
      if (out.isEmpty() && running) {
        waiter.set(w);
        if (!buffer.isEmpty()) {
          wake();
        }
      } else {
        w.promise().complete(out);
      }
    });
  }

  @Override
  public void settle(long seq) {
    finish(seq, true);
  }

  @Override
  public boolean owns(long seq) {
    Held h = held.get(seq);
    return h != null && h.part().owned;
  }

  @Override
  public void release(long seq) {
    finish(seq, false);
  }

  /** Delivery is done with {@code seq}: settled (its offset may be committed past) or released (it may not). */
  private void finish(long seq, boolean settled) {
    Held h = held.remove(seq);
    if (h != null) {
      heldBytes.addAndGet(-h.bytes());
      done.add(new Done(h, settled)); // before the count: a hand-over that sees 0 also sees this
      h.part().handed.decrementAndGet();
    }
  }

  @Override
  public void onWithdrawn(Runnable sweep) {
    this.sweep = Objects.requireNonNull(sweep, "sweep");
  }

  /** Installs being produced plus records read and not settled: what this gateway holds in memory. */
  @Override
  public long unsettledRecords() {
    return appending.get() + held.size();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public long unsettledBytes() {
    return heldBytes.get();
  }

  @Override
  public boolean takesAppends() {
    return writable && running;
  }

  @Override
  public boolean diskLow() {
    return false;
  }

  @Override
  public long lastSeq() {
    return seqs.get();
  }

  @Override
  public long lowWaterMark() {
    return firstSeq + 1;
  }

  /** Installs the brokers acknowledged. */
  public long produced() {
    return produced.get();
  }

  /** Produces that failed (each a 503). */
  public long produceFailures() {
    return produceFailures.get();
  }

  // ---- the consumer thread -------------------------------------------------------------------------------

  private void run() {
    long lastCommit = System.nanoTime();
    boolean paused = false;
    try {
      while (running) {
        apply();
        if (System.nanoTime() - lastCommit >= TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs())) {
          commit(parts.values(), false);
          lastCommit = System.nanoTime();
        }
        boolean full = held.size() >= maxHeld;
        if (full != paused) {
          if (full) {
            consumer.pause(consumer.assignment());
          } else {
            consumer.resume(consumer.paused());
          }
          paused = full;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(Duration.ofMillis(50));
        } catch (WakeupException e) {
          continue;
        }
        if (paused) {
          consumer.pause(consumer.assignment()); // partitions assigned meanwhile start paused too
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          Part part = parts.get(new TopicPartition(record.topic(), record.partition()));
          if (part == null || record.value() == null) {
            continue;
          }
          long seq = seqs.incrementAndGet();
          part.outstanding.add(record.offset());
          part.next = record.offset() + 1;
          part.handed.incrementAndGet();
          held.put(seq, new Held(part, record.offset(), record.value().length));
          heldBytes.addAndGet(record.value().length);
          buffer.add(new JournalRecord(seq, record.value()));
        }
        if (!records.isEmpty()) {
          wake();
        }
      }
      apply();
      commit(parts.values(), true);
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("event=kafka_delivery_stopped cause={}", e.toString(), e);
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("event=kafka_consumer_close_failed cause={}", e.toString());
      }
      Waiter w = waiter.getAndSet(null);
      if (w != null) {
        onContext(w.context(), () -> w.promise().complete(List.of()));
      }
    }
  }

  /** Applies the settles and releases delivery reported (consumer thread). */
  private void apply() {
    Done d;
    while ((d = done.poll()) != null) {
      if (d.settled()) {
        d.held().part().outstanding.remove(d.held().offset());
      }
    }
  }

  /** Commits each partition's first unsettled offset where it moved (consumer thread). */
  private void commit(Collection<Part> of, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Part part : of) {
      long offset = part.commitOffset();
      if (offset >= 0 && offset != part.committed) {
        offsets.put(part.tp, new OffsetAndMetadata(offset));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      if (sync) {
        consumer.commitSync(offsets, Duration.ofSeconds(10));
        offsets.forEach((tp, o) -> committedAt(tp, o.offset()));
      } else {
        consumer.commitAsync(offsets, (ok, failure) -> {
          if (failure == null) {
            ok.forEach((tp, o) -> committedAt(tp, o.offset()));
          } else {
            LOG.debug("event=kafka_commit_failed cause={}", failure.toString());
          }
        });
      }
    } catch (KafkaException e) {
      LOG.warn("event=kafka_commit_failed partitions={} cause={}", offsets.size(), e.toString());
    }
  }

  private void committedAt(TopicPartition tp, long offset) {
    Part part = parts.get(tp);
    if (part != null) {
      part.committed = offset;
    }
  }

  /** Rebalance callbacks: they run on the consumer thread, inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      for (TopicPartition tp : assigned) {
        parts.put(tp, new Part(tp));
      }
      if (!assigned.isEmpty()) {
        LOG.info("event=kafka_partitions_assigned partitions={}", names(assigned));
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      handOver(revoked, true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      handOver(lost, false);
    }
  }

  /**
   * Lets partitions go: not owned from now on, delivery withdraws what it has not sent, what is on the wire
   * gets {@code revoke_wait_ms} to settle, then (if still a member) the first unsettled offset is committed, so
   * the new owner starts exactly there.
   */
  private void handOver(Collection<TopicPartition> going, boolean commit) {
    List<Part> leaving = new ArrayList<>();
    for (TopicPartition tp : going) {
      Part part = parts.get(tp);
      if (part != null) {
        part.owned = false;
        leaving.add(part);
      }
    }
    if (leaving.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.revokeWaitMs());
    long nextSweep = 0;
    while (running) { // when closing, delivery has stopped: what it holds is simply not committed
      buffer.removeIf(record -> {
        Held h = held.get(record.seq());
        if (h != null && !h.part().owned) {
          release(record.seq());
          return true;
        }
        return false;
      });
      apply();
      if (leaving.stream().allMatch(p -> p.handed.get() <= 0) || System.nanoTime() >= deadline) {
        break;
      }
      if (System.nanoTime() >= nextSweep) {
        sweep.run(); // delivery drops what it has not sent; repeated, so a record it took meanwhile goes too
        nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int unsettled = leaving.stream().mapToInt(p -> p.handed.get()).sum();
    if (commit) {
      commit(leaving, true);
    }
    held.values().removeIf(h -> {
      if (h.part().owned) {
        return false;
      }
      heldBytes.addAndGet(-h.bytes());
      return true;
    });
    for (Part part : leaving) {
      parts.remove(part.tp);
    }
    LOG.info("event=kafka_partitions_handed_over partitions={} committed={} still_unsettled={}",
        names(going), commit, Math.max(0, unsettled));
  }

  private static String names(Collection<TopicPartition> tps) {
    return tps.stream().map(tp -> Integer.toString(tp.partition())).sorted().toList().toString().replace(" ", "");
  }

  private static void onContext(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /**
   * Blocking. Stops reading (records not settled by now are redelivered by the partitions' next owner), commits
   * what is settled, leaves the group, flushes the producer.
   */
  @Override
  public void close() {
    running = false;
    probe.shutdownNow();
    if (started) {
      consumer.wakeup();
      try {
        consumerThread.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close(Duration.ofSeconds(5));
    }
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(5));
  }
}
