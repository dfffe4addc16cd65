package io.ctvgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.install.Outcome;
import io.ctvgateway.install.Warning;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpAnswersTest {

  @Test
  void anAnswerWithoutWarningsIsWrittenAsItsJsonBodyEncodes() {
    for (int i = 0; i < 1_000; i++) {
      Receipt receipt = Receipt.next(Clock.systemUTC());
      for (Outcome outcome : List.of(new Outcome.Accepted(receipt), new Outcome.Duplicate(receipt))) {
        assertEquals(HttpAnswers.body(outcome, List.of()).encode(), HttpAnswers.encoded(outcome, List.of()));
      }
    }
  }

  @Test
  void anAnswerWithWarningsCarriesThem() {
    Outcome outcome = new Outcome.Accepted(Receipt.next(Clock.systemUTC()));
    List<Warning> warnings = List.of(new Warning("ad_services_token_expired", "ad_services_token_time", "old"));
    assertEquals(HttpAnswers.body(outcome, warnings).encode(), HttpAnswers.encoded(outcome, warnings));
    assertEquals("old", new io.vertx.core.json.JsonObject(HttpAnswers.encoded(outcome, warnings))
        .getJsonArray("warnings").getJsonObject(0).getString("message"));
  }
}
