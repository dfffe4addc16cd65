package io.ctvgateway.install;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One post-install event.
 *
 * @param name {@code event_name}
 * @param data {@code event_data}, an object (empty when absent)
 * @param currency ISO 4217 code, or null
 * @param eventId the client's id for de-duplication, or null (then never a duplicate)
 * @param usertime epoch seconds of the event, or null (the request's, else now)
 */
public record EventFields(String name, JsonObject data, String currency, String eventId, Long usertime) {
  public EventFields {
    Objects.requireNonNull(name, "name");
    data = data == null ? new JsonObject() : data;
  }
}
