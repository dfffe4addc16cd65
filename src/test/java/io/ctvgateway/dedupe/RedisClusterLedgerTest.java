package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ledger against a three-master Redis Cluster, in the client's cluster mode, seeded with one node's
 * URL: keys spread over the nodes, every command (SET NX GET, the commit and release scripts) runs on its
 * key's node, and two gateways still admit each key once.
 */
@Timeout(120)
class RedisClusterLedgerTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private List<RedisServer> nodes;
  private final List<RedisLedger> ledgers = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    nodes = RedisServer.startCluster(dir, 3);
  }

  @AfterEach
  void stop() throws Exception {
    for (RedisLedger ledger : ledgers) {
      ledger.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    for (RedisServer node : nodes) {
      node.close();
    }
  }

  private RedisLedger ledger(String seeds) {
    LedgerConfig config = new LedgerConfig(LedgerConfig.Type.REDIS, 1_000, 400, new LedgerConfig.Redis(seeds,
        LedgerConfig.Mode.CLUSTER, RedisLedgerTest.PREFIX, LedgerConfig.OnUnavailable.FAIL_CLOSED, 2_000, 4_096, 4,
        10_000, 50, 2_000));
    RedisLedger ledger = RedisLedger.create(vertx, config, clock);
    ledgers.add(ledger);
    return ledger;
  }

  @Test
  void twoGatewaysOnAClusterAdmitEachKeyOnceWithKeysOnEveryNode() throws Exception {
    RedisLedger a = ledger(nodes.get(0).url());
    RedisLedger b = ledger(nodes.stream().map(RedisServer::url).collect(Collectors.joining(",")));
    int keys = 300;
    List<Future<Claim>> claims = new ArrayList<>();
    for (int copy = 0; copy < 2; copy++) {
      for (int i = 0; i < keys; i++) {
        RedisLedger ledger = copy == 0 ? a : b;
        LedgerKey key = RedisLedgerTest.key(i);
        Receipt receipt = Receipt.next(clock);
        claims.add(ledger.claim(key, receipt)
            .compose(claim -> claim.fresh() ? ledger.commit(key, receipt).map(claim) : Future.succeededFuture(claim)));
      }
    }
    Future.join(claims).await(30, TimeUnit.SECONDS);
    for (int i = 0; i < keys; i++) {
      Claim first = claims.get(i).result();
      Claim second = claims.get(keys + i).result();
      assertTrue(first.fresh() ^ second.fresh(), "key " + i + " admitted exactly once");
      assertEquals(first.receipt(), second.receipt());
    }
    for (RedisServer node : nodes) {
      long held = Long.parseLong(node.command("DBSIZE"));
      assertTrue(held > 50, "node " + node.port() + " holds " + held + " of " + keys + " keys");
    }
    Conditions.await(vertx, "cluster ledger up", () -> a.status().up() && b.status().up());
  }

  @Test
  void releaseAndCommitScriptsRunOnTheKeysNode() throws Exception {
    RedisLedger a = ledger(nodes.get(1).url());
    RedisLedger b = ledger(nodes.get(2).url());
    for (int i = 0; i < 30; i++) {
      LedgerKey key = RedisLedgerTest.key(i);
      Receipt released = Receipt.next(clock);
      assertTrue(a.claim(key, released).await(10, TimeUnit.SECONDS).fresh());
      a.release(key, released).await(10, TimeUnit.SECONDS);
      Receipt kept = Receipt.next(clock);
      assertTrue(b.claim(key, kept).await(10, TimeUnit.SECONDS).fresh(), "released, so free again");
      b.commit(key, kept).await(10, TimeUnit.SECONDS);
      Claim again = a.claim(key, Receipt.next(clock)).await(10, TimeUnit.SECONDS);
      assertFalse(again.fresh());
      assertEquals(kept, again.receipt());
    }
    assertEquals(0, a.status().conflicts() + b.status().conflicts());
  }
}
