package io.ctvgateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import io.ctvgateway.testing.Logfmt;
import org.junit.jupiter.api.Test;

class LogfmtLayoutTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("io.ctvgateway.delivery.Delivery");
  private final LogfmtLayout layout = new LogfmtLayout();

  private String line(Level level, String message, Throwable thrown, Object... args) {
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
    event.setTimeStamp(1_764_600_000_123L);
    return layout.doLayout(event);
  }

  @Test
  void valuesWithSpacesQuotesOrNothingAreQuoted() {
    String line = line(Level.WARN, "event=ledger_unavailable cause={} attempts={} empty={}", null,
        "Connection refused: localhost/127.0.0.1:6379 \"x\"", 3, "");
    assertEquals("ts=2025-12-01T14:40:00.123Z level=WARN logger=Delivery event=ledger_unavailable"
        + " cause=\"Connection refused: localhost/127.0.0.1:6379 \\\"x\\\"\" attempts=3 empty=\"\"\n", line);
    assertTrue(line.endsWith("\n") && Logfmt.isEventLine(line.substring(0, line.length() - 1)), line);
  }

  @Test
  void aMessageThatIsNotAnEventBecomesOneMsgValue() {
    String line = line(Level.INFO, "Succeeded in deploying verticle {}\nsecond line", null, "x");
    assertEquals("ts=2025-12-01T14:40:00.123Z level=INFO logger=Delivery event=log"
        + " msg=\"Succeeded in deploying verticle x\\nsecond line\"\n", line);
    assertTrue(line.endsWith("\n") && Logfmt.isEventLine(line.substring(0, line.length() - 1)), line);
  }

  @Test
  void anExceptionWithCausesIsFoldedIntoTheSameLine() {
    IOException cause = new IOException("disk \"full\"\nreally");
    String line = line(Level.ERROR, "event=internal_error path={}", new IllegalStateException("boom", cause),
        "/v1/roku/install");
    assertEquals(1, line.split("\n", -1).length - 1, line);
    assertTrue(line.contains(" error=\"java.lang.IllegalStateException: boom\" stack=\"at "), line);
    assertTrue(line.contains(" | caused by java.io.IOException: disk \\\"full\\\"\\nreally | at "), line);
    String stack = Logfmt.parse(line.substring(0, line.length() - 1)).get("stack");
    assertTrue(stack.contains("caused by java.io.IOException: disk \"full\"\nreally"), stack);
    assertTrue(line.endsWith("\n") && Logfmt.isEventLine(line.substring(0, line.length() - 1)), line);
  }

  @Test
  void aLiteralLineBreakInAPatternNeverSplitsTheLine() {
    String line = line(Level.INFO, "event=x a=1\nb=2", null);
    assertEquals("ts=2025-12-01T14:40:00.123Z level=INFO logger=Delivery event=x a=1 b=2\n", line);
  }
}
