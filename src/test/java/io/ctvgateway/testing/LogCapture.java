package io.ctvgateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger writes (from any thread), to assert that an event is logged with its reason. While
 * it captures, the logger logs at every level to the capture only: a line a test expects (an ERROR it provokes,
 * say) is asserted, not printed.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getLevel() + " " + event.getFormattedMessage());
    }
  };

  private final Level level;
  private final boolean additive;

  private LogCapture(Class<?> source) {
    this.logger = (Logger) LoggerFactory.getLogger(source);
    this.level = logger.getLevel();
    this.additive = logger.isAdditive();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
  }

  public static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** A snapshot of the lines so far, as "LEVEL message". */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.setAdditive(additive);
    logger.setLevel(level);
    logger.detachAppender(appender);
  }
}
