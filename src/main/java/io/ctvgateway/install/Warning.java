package io.ctvgateway.install;

import java.util.Objects;

/**
 * Something the client should fix although the install was taken (an expired AdServices token, say).
 *
 * @param code a stable code
 * @param field the request field it is about
 * @param message what is wrong and what to do instead
 */
public record Warning(String code, String field, String message) {
  public Warning {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
