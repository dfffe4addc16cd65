package io.ctvgateway.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two log settings read from the environment before anything logs: {@code CTVGW_LOG_LEVEL} (the gateway's
 * own loggers) and {@code CTVGW_LOG_FORMAT}. logback itself would turn an unknown level into DEBUG and an
 * unknown appender into silence, so {@code Main} checks them first and refuses to start on a bad value.
 */
public final class LogSettings {
  public static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  public static final Set<String> FORMATS = Set.of("logfmt", "json");

  private LogSettings() {}

  /** What is wrong with the environment's log settings, or null when they are valid (or unset). */
  public static String problem(Map<String, String> env) {
    String level = env.get("CTVGW_LOG_LEVEL");
    if (level != null && !LEVELS.contains(level.trim().toUpperCase(Locale.ROOT))) {
      return "CTVGW_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + level + "'";
    }
    String format = env.get("CTVGW_LOG_FORMAT");
    if (format != null && !FORMATS.contains(format)) {
      return "CTVGW_LOG_FORMAT must be one of logfmt, json, got '" + format + "'";
    }
    return null;
  }
}
