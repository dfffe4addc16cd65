package io.ctvgateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log event, one line of logfmt: {@code ts=… level=… logger=… event=… key=value …}.
 *
 * <p>The gateway's own messages are written as {@code event=name key={} key={}}: each {@code {}} is filled with
 * its argument quoted when it needs to be (a space, a quote, an {@code =}, or nothing at all), so a cause such
 * as {@code Connection refused: /127.0.0.1:6379} stays one value. A message that does not start with
 * {@code event=} (Vert.x, Netty, a library) becomes {@code event=log msg="…"}. An exception is folded into
 * {@code error="Class: message"} and {@code stack="frame | frame | caused by …"} on the same line: one event is
 * one line, whatever a log shipper splits on.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
      .withZone(ZoneOffset.UTC);
  /** Frames kept per exception (and per cause): enough to place it, short enough to stay one readable line. */
  private static final int MAX_FRAMES = 12;

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append("ts=").append(TS.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(" level=").append(event.getLevel())
        .append(" logger=").append(shortName(event.getLoggerName())).append(' ');
    String pattern = event.getMessage() == null ? "" : event.getMessage();
    if (pattern.startsWith("event=")) {
      fill(line, pattern, event.getArgumentArray());
    } else {
      line.append("event=log msg=");
      quote(line, event.getFormattedMessage() == null ? "" : event.getFormattedMessage(), true);
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(" error=");
      quote(line, thrown.getClassName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()), true);
      line.append(" stack=");
      quote(line, stack(thrown), true);
    }
    return line.append('\n').toString();
  }

  /** The pattern with each {@code {}} replaced by its argument, quoted as a logfmt value when needed. */
  static void fill(StringBuilder line, String pattern, Object[] args) {
    int next = 0;
    int from = 0;
    while (true) {
      int at = pattern.indexOf("{}", from);
      if (at < 0 || args == null || next >= args.length) {
        literal(line, pattern.substring(from));
        return;
      }
      literal(line, pattern.substring(from, at));
      quote(line, String.valueOf(args[next++]), false);
      from = at + 2;
    }
  }

  /** A literal part of a message: already logfmt, but never a line break. */
  private static void literal(StringBuilder line, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      line.append(c == '\n' || c == '\r' ? ' ' : c);
    }
  }

  /** Appends {@code value} as a logfmt value: bare when it can be, else quoted with {@code \"}, {@code \\}, {@code \n}. */
  static void quote(StringBuilder line, String value, boolean always) {
    boolean bare = !always && !value.isEmpty();
    for (int i = 0; bare && i < value.length(); i++) {
      char c = value.charAt(i);
      bare = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
    }
    if (bare) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < ' ') {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }

  private static String stack(IThrowableProxy thrown) {
    StringBuilder out = new StringBuilder();
    for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
      if (t != thrown) {
        out.append(" | caused by ").append(t.getClassName());
        if (t.getMessage() != null) {
          out.append(": ").append(t.getMessage());
        }
      }
      StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
      int shown = Math.min(frames.length, MAX_FRAMES);
      for (int i = 0; i < shown; i++) {
        out.append(" | at ").append(frames[i].getStackTraceElement());
      }
      if (frames.length > shown) {
        out.append(" | ... ").append(frames.length - shown).append(" more");
      }
    }
    return out.length() > 3 ? out.substring(3) : out.toString();
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
