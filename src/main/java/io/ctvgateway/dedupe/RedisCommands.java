package io.ctvgateway.dedupe;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;

/**
 * The ledger's Redis commands and their encoding.
 *
 * <p>Key: the deployment's prefix then the 16 bytes of the {@link LedgerKey} (binary: 22 bytes with the default
 * prefix, where hex would take 38 and cross an allocator size class). Value: the first receipt's 26 characters,
 * followed by {@code ~} while the claim is pending (claimed, install not yet durable). Every command touches one
 * key, so each runs on the key's own node in Redis Cluster.
 *
 * <ul>
 *   <li>claim: {@code SET key receipt~ NX GET PX 30000}: atomic; answers nil when we took the key, else the
 *       holder's value (Redis 7.0+ for NX with GET). A pending claim expires on its own if its gateway dies
 *       before the install is durable.
 *   <li>commit: a script: if the key is absent or ours, {@code SET key receipt PX <rest of the expiry>}; else
 *       leave it (another receipt holds it: a conflict).
 *   <li>release: a script: delete the key only if it still holds our receipt (compare-and-delete), so a
 *       failed install never deletes another gateway's claim.
 * </ul>
 */
final class RedisCommands {
  static final char PENDING = '~';
  private static final int RECEIPT_CHARS = 26;

  private static final String COMMIT_SCRIPT = ""
      + "local v = redis.call('GET', KEYS[1]) "
      + "if v and string.sub(v, 1, 26) ~= ARGV[1] then return 0 end "
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
      + "return 1";

  private static final String RELEASE_SCRIPT = ""
      + "local v = redis.call('GET', KEYS[1]) "
      + "if v and string.sub(v, 1, 26) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
      + "return 0";

  /** Who holds a key: a receipt, pending until its install is durable. */
  record Holder(Receipt receipt, boolean pending) {}

  private final byte[] prefix;

  RedisCommands(String prefix) {
    this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
  }

  Buffer key(LedgerKey key) {
    return Buffer.buffer(prefix.length + 16).appendBytes(prefix).appendLong(key.high()).appendLong(key.low());
  }

  Request claim(LedgerKey key, Receipt receipt, long pendingTtlMs) {
    return Request.cmd(Command.SET).arg(key(key)).arg(receipt.toString() + PENDING)
        .arg("NX").arg("GET").arg("PX").arg(pendingTtlMs);
  }

  Request get(LedgerKey key) {
    return Request.cmd(Command.GET).arg(key(key));
  }

  Request commit(LedgerKey key, Receipt receipt, long ttlMs) {
    return Request.cmd(Command.EVAL).arg(COMMIT_SCRIPT).arg(1).arg(key(key)).arg(receipt.toString()).arg(ttlMs);
  }

  Request release(LedgerKey key, Receipt receipt) {
    return Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(1).arg(key(key)).arg(receipt.toString());
  }

  /** Deletes the key whoever holds it (forgetting a device). */
  Request forget(LedgerKey key) {
    return Request.cmd(Command.DEL).arg(key(key));
  }

  static Request serverInfo() {
    return Request.cmd(Command.INFO).arg("server");
  }

  /** Parses a key's value; a value that is not ours is an error (another writer in our namespace). */
  static Holder holder(Response value) {
    String text = value.toString();
    boolean pending = text.length() == RECEIPT_CHARS + 1 && text.charAt(RECEIPT_CHARS) == PENDING;
    if (!pending && text.length() != RECEIPT_CHARS) {
      throw new IllegalStateException("a ledger value is a receipt, got " + text.length() + " characters");
    }
    return new Holder(Receipt.parse(text.substring(0, RECEIPT_CHARS)), pending);
  }

  /** {@code redis_version} from {@code INFO server}, or null. */
  static String version(Response info) {
    for (String line : info.toString().split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return null;
  }
}
