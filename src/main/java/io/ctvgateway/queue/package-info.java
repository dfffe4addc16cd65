/**
 * The shared install queue for fleets ({@code queue.type: kafka}): {@link io.ctvgateway.queue.KafkaQueue} (the
 * installs topic: produce with {@code acks=all} for admission, a consumer group for delivery, offsets committed
 * only up to what is settled) and {@link io.ctvgateway.queue.KafkaDeadLetters} (the dead letters, a compacted
 * topic every gateway reads). Both implement the {@code install} package's interfaces, so admission, delivery
 * and the admin API do not know which queue runs.
 */
package io.ctvgateway.queue;
