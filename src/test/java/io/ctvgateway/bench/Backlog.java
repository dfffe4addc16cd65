package io.ctvgateway.bench;

import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.AcceptedInstallCodec;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.profile.InstallKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6's data: a gateway data directory whose journal holds {@code records} unsettled installs, each
 * the record ingest would have written for one of the suite's installs (the Kochava body, the original
 * request, the receipt: about 1 KB a record).
 */
final class Backlog {
  private Backlog() {}

  static void write(Path dataDir, int records, long runId) throws Exception {
    Installs traffic = new Installs(runId, 900, 0);
    try (Journal journal = Journal.open(JournalThroughput.shipped(dataDir.resolve("journal"), FsyncMode.NONE))) {
      Future<Long> last = null;
      for (int i = 0; i < records; i++) {
        Installs.Request request = traffic.next();
        String original = request.body().toString();
        JsonObject ids = new JsonObject(original).getJsonObject("ids");
        String device = ids.getString("rida", ids.getString("lgudid"));
        String body = new JsonObject()
            .put("action", "install")
            .put("kochava_app_id", "kobench-roku-ctv")
            .put("kochava_device_id", "KG" + device.replace("-", ""))
            .put("data", new JsonObject().put("usertime", "1764324000").put("app_version", "3.3.0")
                .put("origination_ip", "127.0.0.1").put("device_ver", "3920X-RokuOS-12.0.0")
                .put("device_ids", ids))
            .encode();
        LedgerKey deviceKey = LedgerKey.of("kobench-roku-ctv", "roku", new InstallKey("rida", device));
        last = journal.append(AcceptedInstallCodec.toBytes(new AcceptedInstall(
            Receipt.parse(String.format("01KB%022d", i)), "roku", "kobench-roku-ctv", System.currentTimeMillis(), body,
            "Roku/DVP-12.0 (12.0.0.4186-55)", original, OrderKey.of(deviceKey), deviceKey)));
        if (i % 10_000 == 9_999) {
          last.await(60, TimeUnit.SECONDS);
        }
      }
      if (last != null) {
        last.await(60, TimeUnit.SECONDS);
      }
    }
  }
}
