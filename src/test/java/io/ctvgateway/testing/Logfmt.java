package io.ctvgateway.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one logfmt line for tests: {@code key=value} pairs, a value bare or quoted with backslash escapes. */
public final class Logfmt {
  private Logfmt() {}

  /**
   * The pairs of {@code line}, in order.
   *
   * @throws IllegalArgumentException when the line is not logfmt (a bare word, an unterminated quote...)
   */
  public static Map<String, String> parse(String line) {
    Map<String, String> pairs = new LinkedHashMap<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      int eq = line.indexOf('=', i);
      if (eq <= i) {
        throw new IllegalArgumentException("not a key=value pair at " + i + ": " + line);
      }
      String key = line.substring(i, eq);
      if (!key.matches("[a-z_][a-z0-9_.]*")) {
        throw new IllegalArgumentException("bad key '" + key + "': " + line);
      }
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quote: " + line);
          }
          char c = line.charAt(i++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (i >= n) {
              throw new IllegalArgumentException("dangling escape: " + line);
            }
            char e = line.charAt(i++);
            value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
          } else {
            value.append(c);
          }
        }
      } else {
        while (i < n && line.charAt(i) != ' ') {
          char c = line.charAt(i++);
          if (c == '"' || c == '=') {
            throw new IllegalArgumentException("unquoted '" + c + "' in the value of " + key + ": " + line);
          }
          value.append(c);
        }
      }
      if (pairs.put(key, value.toString()) != null) {
        throw new IllegalArgumentException("key '" + key + "' twice: " + line);
      }
      if (i < n) {
        if (line.charAt(i) != ' ') {
          throw new IllegalArgumentException("no space after the value of " + key + ": " + line);
        }
        i++;
      }
    }
    return pairs;
  }

  /** Whether {@code line} is a gateway log line: logfmt starting {@code ts level logger event}. */
  public static boolean isEventLine(String line) {
    try {
      Map<String, String> pairs = parse(line);
      return String.join(",", pairs.keySet()).startsWith("ts,level,logger,event");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
