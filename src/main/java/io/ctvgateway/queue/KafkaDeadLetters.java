package io.ctvgateway.queue;

import io.ctvgateway.config.QueueConfig;
import io.ctvgateway.install.RecordStore;
import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's dead letters on a compacted, one-partition topic ({@code queue.kafka.dead_letter_topic}). A letter
 * is a record under a random key; dropping it (requeue, delete, retention, a privacy request) writes that key's
 * tombstone, and compaction later removes both. Every gateway reads the whole topic into memory on a thread of
 * its own, so the admin API and the console of any gateway list, requeue and delete every gateway's letters.
 * A letter's id is its offset plus one (ids start at 1, as the journal's do).
 *
 * <p>A letter is durable once the brokers acknowledged it ({@code acks=all}); only then is its install
 * settled. Dead letters are meant to be few: the whole set is held in memory by each gateway.
 */
public final class KafkaDeadLetters implements RecordStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetters.class);
  private static final SecureRandom KEYS = new SecureRandom();

  private record Letter(String key, byte[] payload) {}

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConcurrentSkipListMap<Long, Letter> letters = new ConcurrentSkipListMap<>();
  private final Map<String, Long> byKey = new ConcurrentHashMap<>();
  /** Keys dropped here whose tombstone the reader has not read yet: a lagging reader must not bring them back. */
  private final java.util.Set<String> dropped = ConcurrentHashMap.newKeySet();
  private final Thread reader;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean running = true;

  private KafkaDeadLetters(QueueConfig.Kafka config, KafkaProducer<byte[], byte[]> producer, String clientId) {
    this.topic = config.deadLetterTopic();
    this.producer = producer;
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config, clientId + "-dead-letters"));
    this.reader = new Thread(this::run, "ctvgw-kafka-dead-letters");
    this.reader.setDaemon(true);
  }

  /** Blocking (start-up): starts reading the topic and waits (up to 30 s) until what is there has been read. */
  public static KafkaDeadLetters open(QueueConfig.Kafka config, KafkaQueue queue, String clientId)
      throws InterruptedException {
    KafkaDeadLetters store = new KafkaDeadLetters(config, queue.producer(), clientId);
    store.reader.start();
    if (!store.caughtUp.await(30, TimeUnit.SECONDS)) {
      LOG.warn("event=kafka_dead_letters_partial hint=\"the dead-letter topic was not read to its end in 30 s;"
          + " listings fill in as it is\"");
    }
    return store;
  }

  private void run() {
    TopicPartition partition = new TopicPartition(topic, 0);
    try {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      while (running) {
        try {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            apply(record.offset() + 1, HexFormat.of().formatHex(record.key() == null ? new byte[0] : record.key()),
                record.value());
          }
        } catch (WakeupException e) {
          continue;
        }
        if (caughtUp.getCount() > 0) {
          Long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
          if (end != null && consumer.position(partition, Duration.ofSeconds(5)) >= end) {
            caughtUp.countDown();
          }
        }
      }
    } catch (KafkaException e) {
      if (running) {
        LOG.error("event=kafka_dead_letters_reader_stopped cause={}", e.toString(), e);
      }
    } finally {
      caughtUp.countDown();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** A letter read or written: kept; a tombstone: its letter dropped. */
  private void apply(long id, String key, byte[] payload) {
    if (payload == null) {
      dropped.remove(key);
      Long gone = byKey.remove(key);
      if (gone != null) {
        letters.remove(gone);
      }
      return;
    }
    if (!dropped.contains(key) && byKey.putIfAbsent(key, id) == null) {
      letters.put(id, new Letter(key, payload));
    }
  }

  @Override
  public Future<Long> append(byte[] payload) {
    byte[] key = new byte[16];
    KEYS.nextBytes(key);
    return send(key, payload).map(offset -> {
      long id = offset + 1;
      apply(id, HexFormat.of().formatHex(key), payload); // listed here at once, before the reader sees it
      return id;
    });
  }

  private Future<Long> send(byte[] key, byte[] payload) {
    return KafkaClients.send(producer, new ProducerRecord<>(topic, 0, key, payload)).map(RecordMetadata::offset);
  }

  @Override
  public Future<List<JournalRecord>> readUnsettled(long fromId, int max) {
    List<JournalRecord> out = new ArrayList<>(Math.min(max, 1_000));
    for (Map.Entry<Long, Letter> entry : letters.tailMap(fromId).entrySet()) {
      if (out.size() == max) {
        break;
      }
      out.add(new JournalRecord(entry.getKey(), entry.getValue().payload()));
    }
    return Future.succeededFuture(out);
  }

  /**
   * Drops letter {@code id}: its tombstone is written (every gateway's view drops it when it reads that) and it
   * leaves this gateway's view at once. A tombstone that fails to be written is logged; the letter reappears in
   * listings after a restart, to be dropped again.
   */
  @Override
  public void settle(long id) {
    Letter letter = letters.remove(id);
    if (letter == null) {
      return;
    }
    dropped.add(letter.key());
    byKey.remove(letter.key());
    send(HexFormat.of().parseHex(letter.key()), null)
        .onFailure(e -> LOG.error("event=kafka_dead_letter_drop_failed id={} cause={}", id, e.toString()));
  }

  @Override
  public long unsettledRecords() {
    return letters.size();
  }

  /** Blocking: stops the reader (the producer is the queue's, closed with it). */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
