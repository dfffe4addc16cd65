package io.ctvgateway.ingest;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/{platform}/install}, with every JSON type checked. Nullable fields are those the
 * client may leave out.
 */
record InstallRequest(
    String appId,
    String appVersion,
    Map<String, String> ids,
    boolean lat,
    String osVersion,
    String model,
    String deviceUa,
    Long usertime,
    String kochavaDeviceId,
    JsonObject data) {

  InstallRequest {
    Objects.requireNonNull(appId, "appId");
    ids = Map.copyOf(ids);
    data = data == null ? new JsonObject() : data;
  }
}
