package io.ctvgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @Test
  void shippedConfigFileLoadsWithKochavaDefaults() {
    GatewayConfig config = ConfigLoader.load(Path.of("conf", "gateway.json"), Map.of(), new Properties());
    assertEquals(UpstreamConfig.KOCHAVA_URL, config.upstream().url());
    assertEquals(8080, config.http().port());
    assertEquals(Path.of("device-profiles"), config.profilesDir());
    assertEquals(io.ctvgateway.journal.FsyncMode.BATCH, config.journal().fsync());
  }

  @Test
  void environmentOverridesFileAndSystemPropertiesOverrideEnvironment() {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 9000));
    Map<String, String> env = Map.of(
        "CTVGW_HTTP_PORT", "9100",
        "CTVGW_UPSTREAM_URL", "http://127.0.0.1:1/track/json",
        "CTVGW_DATA_DIR", "/var/lib/ctvgw",
        "CTVGW_PROFILES_DIR", "/etc/ctvgw/profiles",
        "CTVGW_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1");
    Properties system = new Properties();
    system.setProperty("ctvgw.http.port", "9200");
    GatewayConfig config = ConfigLoader.fromJson(file, env, system);
    assertEquals(9200, config.http().port());
    assertEquals("http://127.0.0.1:1/track/json", config.upstream().url());
    assertEquals(Path.of("/var/lib/ctvgw"), config.dataDir());
    assertEquals(Path.of("/etc/ctvgw/profiles"), config.profilesDir());
    assertEquals(List.of("10.0.0.0/8", "192.168.1.1"), config.http().trustedProxies());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"http\":{\"port\":70000}}                 | http.port must be between 0 and 65535, got 70000",
      "{\"http\":{\"port\":\"eighty\"}}            | http.port must be an integer, got 'eighty'",
      "{\"http\":{\"prot\":8080}}                  | http.prot is not a known setting",
      "{\"upstream\":{\"url\":\"ftp://x/y\"}}      | upstream.url must be an http(s) URL, got 'ftp://x/y'",
      "{\"journal\":{\"fsync\":\"sometimes\"}}     | journal.fsync must be one of batch, each, none, got 'sometimes'",
      "{\"http\":{\"trusted_proxies\":[\"10.0.0.0/33\"]}} | http.trusted_proxies[0] prefix must be 0..32, got '10.0.0.0/33'",
      "{\"http\":{\"trusted_proxies\":[\"proxy.local\"]}} | http.trusted_proxies[0] must be a CIDR like 10.0.0.0/8, got 'proxy.local'",
      "{\"delivery\":{\"max_attempts\":0}}         | delivery.max_attempts must be between 1 and 1000000, got 0",
      "{\"http\":3}                                | http must be an object, got 3",
      "{\"access\":{\"unknown_apps\":\"maybe\"}}    | access.unknown_apps must be one of reject, accept, got 'maybe'",
      "{\"apps\":{\"a\":{\"client_keys\":[\"short\"]}}} | apps.a.client_keys[0] must be 16 to 128 printable ASCII characters without spaces, got 5 characters",
      "{\"apps\":{\"a\":{\"client_keys\":[\"env:NOPE\"]}}} | apps.a.client_keys[0] refers to environment variable NOPE, which is not set",
  })
  void badValueStopsTheStartNamingTheKey(String json, String message) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.fromJson(new JsonObject(json), Map.of(), new Properties()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void onlyListedAppsAreServedByDefaultAndTheEnvironmentAddsAppsOrOpensTheRelay() {
    GatewayConfig defaults = ConfigLoader.fromJson(new JsonObject().put("apps", new JsonObject().put("koa", new JsonObject())),
        Map.of("CTVGW_APPS", "kob, koc"), new Properties());
    assertEquals(io.ctvgateway.config.AccessConfig.UnknownApps.REJECT, defaults.access().unknownApps());
    assertEquals(java.util.Set.of("koa", "kob", "koc"), defaults.kochava().apps().keySet());
    GatewayConfig open = ConfigLoader.fromJson(new JsonObject(), Map.of("CTVGW_UNKNOWN_APPS", "accept"), new Properties());
    assertEquals(io.ctvgateway.config.AccessConfig.UnknownApps.ACCEPT, open.access().unknownApps());
    GatewayConfig keyed = ConfigLoader.fromJson(new JsonObject().put("apps", new JsonObject().put("koa",
        new JsonObject().put("client_keys", new io.vertx.core.json.JsonArray().add("env:KEY").add("literal-key-0123456")))),
        Map.of("KEY", "from-the-env-0123456"), new Properties());
    assertEquals(List.of("from-the-env-0123456", "literal-key-0123456"), keyed.kochava().app("koa").clientKeys());
  }

  @Test
  void badEnvironmentValueNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.fromJson(new JsonObject(), Map.of("CTVGW_HTTP_PORT", "http"), new Properties()));
    assertEquals("http.port must be an integer, got 'http'", e.getMessage());
  }

  @Test
  void missingOrBrokenFileIsNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.json");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of(), new Properties()))
        .getMessage().contains("nope.json does not exist"));
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"http\":");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(broken, Map.of(), new Properties()))
        .getMessage().contains("broken.json is not valid JSON"));
  }

  @Test
  void appSecretsCanComeFromTheEnvironmentAndMustComeInPairs() {
    JsonObject json = new JsonObject().put("apps", new JsonObject()
        .put("koctv-a", new JsonObject().put("api_key", "env:KEY_A").put("secret", "env:SECRET_A")));
    GatewayConfig config = ConfigLoader.fromJson(json, Map.of("KEY_A", "KEY-VALUE-1", "SECRET_A", "SECRET-VALUE-2"), new Properties());
    assertEquals("KEY-VALUE-1", config.kochava().app("koctv-a").apiKey());
    assertEquals("SECRET-VALUE-2", config.kochava().app("koctv-a").secret());
    assertTrue(config.kochava().app("koctv-a").signs());
    assertTrue(!config.kochava().app("other").signs(), "apps not listed are not signed");
    assertTrue(!config.kochava().toString().contains("VALUE"), "secrets are never printed");

    assertEquals("apps.koctv-a.api_key refers to environment variable KEY_A, which is not set",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(json, Map.of(), new Properties())).getMessage());
    JsonObject half = new JsonObject().put("apps", new JsonObject().put("x", new JsonObject().put("api_key", "k")));
    assertEquals("apps.x.secret is required when apps.x.api_key is set",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(half, Map.of(), new Properties())).getMessage());
    JsonObject wire = new JsonObject().put("kochava", new JsonObject().put("usertime_type", "float"));
    assertEquals("kochava.usertime_type must be string or number, got 'float'",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(wire, Map.of(), new Properties())).getMessage());
  }
}
