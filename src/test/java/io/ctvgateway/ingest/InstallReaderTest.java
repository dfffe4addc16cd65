package io.ctvgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.json.JsonRejected;
import io.ctvgateway.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The install body read from its tokens ({@link InstallReader}) against the tree path ({@link StrictJson} then
 * {@link RequestParser#install}): the same fields for a body it reads, the same first error for a body it refuses,
 * and every other body left to the tree.
 */
class InstallReaderTest {
  private static final String ROKU = "{\"app_id\":\"kobench-roku-ctv\",\"app_version\":\"3.3.0\","
      + "\"ids\":{\"channel_client_id\":\"0000000a000000010000000000000007\","
      + "\"rida\":\"0000000a-0001-4000-8000-000000000007\"},"
      + "\"lat\":false,\"os_version\":\"12.0.0.4186\",\"model\":\"3920X\",\"usertime\":1764324000,"
      + "\"data\":{\"campaign\":\"spring_launch_2026\",\"placement\":\"home_row_3\",\"build\":\"2026.11.28-r1842\","
      + "\"sku\":\"roku-ch-71842\",\"session\":\"0000000a-0001-4000-9000-000000000007\"}}";
  private static final String LG = "{\"app_id\":\"kobench-lg-ctv\",\"app_version\":\"1.0.2\","
      + "\"ids\":{\"lgudid\":\"0000000a-0001-4000-a000-000000000008\"},\"os_version\":\"7.0.0\",\"model\":\"OLED55C1\","
      + "\"usertime\":1764324000,\"data\":{\"campaign\":\"spring_launch_2026\",\"tier\":\"free\",\"lang\":\"en-US\"}}";

  @Test
  void readsTheCommonBodiesAsTheTreeDoes() {
    List<String> bodies = List.of(ROKU, LG,
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"}}",
        " {\n\"ids\" : {\"tifa\":\"t\"},\t\"app_id\":\"kosamsung\"} \n",
        "{\"app_id\":\"ko.app_1-2\",\"app_version\":\"9\",\"ids\":{\"idfa\":\"A\",\"idfv\":\"B\"},\"lat\":true,"
            + "\"os_version\":\"17.2\",\"model\":\"AppleTV14,1\",\"device_ua\":\"AppleTV14,1/17.2\","
            + "\"usertime\":9999999999,\"kochava_device_id\":\"KD0123\",\"referrer\":\"utm_source=tv\","
            + "\"client_key\":\"ck_1\","
            + "\"data\":{\"n\":7,\"big\":12345678901,\"ok\":true,\"no\":false,\"s\":\"\\\"q\\\"\"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"caf\\u00e9\"},\"data\":{}}");
    for (String body : bodies) {
      DeviceFields fast = InstallReader.read(bytes(body));
      assertNotNull(fast, body);
      assertEquals(tree(body), fast, body);
    }
  }

  @Test
  void refusesAWellTypedBodyWithTheTreesFirstError() {
    List<String> bodies = List.of(
        "{\"ids\":{\"rida\":\"x\"}}",
        "{\"app_id\":\"bad id\",\"ids\":{\"rida\":\"x\"}}",
        "{\"app_id\":\"" + "a".repeat(129) + "\",\"ids\":{\"rida\":\"x\"}}",
        "{\"app_id\":\"a\",\"app_version\":\"" + "1".repeat(65) + "\",\"ids\":{}}",
        "{\"app_id\":\"a\"}",
        "{\"app_id\":\"a\",\"ids\":{}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\" \"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"" + "r".repeat(129) + "\"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"os_version\":\"\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"device_ua\":\"Roku\\u0001\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":0}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":1764324000123}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"kochava_device_id\":\"k\\u00e9\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"usertime\":1}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"client_key\":\"" + "c".repeat(129) + "\"}");
    for (String body : bodies) {
      assertEquals(tree(body), fast(body), body);
      assertTrue(tree(body) instanceof String, body); // each of them is refused
    }
  }

  @Test
  void leavesEveryOtherShapeToTheTree() {
    List<String> bodies = List.of(
        "", " ", "[]", "\"x\"", "{", "{\"app_id\":\"a\",}", "{\"app_id\":\"a\"} {}", "{\"app_id\":'a'}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"extra\":1}", // unknown field
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"att\":true}", // left to the tree: ATT, consent, Apple Ads
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"gdpr_applies\":true,\"tc_string\":\"CP\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"ad_services_token\":\"t\"}",
        "{\"app_id\":null,\"ids\":{\"rida\":\"x\"}}", // nulls
        "{\"app_id\":\"a\",\"ids\":{\"rida\":null}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"k\":null}}",
        "{\"app_id\":\"a\",\"app_id\":\"b\",\"ids\":{\"rida\":\"x\"}}", // keys twice
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\",\"rida\":\"y\"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"k\":1,\"k\":2}}",
        "{\"app_id\":7,\"ids\":{\"rida\":\"x\"}}", // other types
        "{\"app_id\":\"a\",\"ids\":[\"x\"]}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":5}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"lat\":\"false\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":\"1764324000\"}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":1764324000.5}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":-0}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"usertime\":123456789012345678901234}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"price\":4.99}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"z\":-0}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"nested\":{\"k\":1}}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"list\":[1]}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":[]}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"\\ud800\"}}", // a lone surrogate, in a value and in a name
        "{\"app_id\":\"a\",\"ids\":{\"\\ud800\":\"x\"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"\\ud83d\\ude00\"}}", // even a pair: the tree checks pairs
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"x\"},\"data\":{\"\\udc00\":\"x\"}}",
        "{\"app_id\":\"a\",\"ids\":{\"rida\":\"caf\u00e9\"}}"); // bytes outside ASCII: the tree decodes them
    for (String body : bodies) {
      assertNull(InstallReader.read(bytes(body)), body);
    }
    assertNull(InstallReader.read(null));
    assertNull(InstallReader.read("\u0000{}".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Bodies built at random from fields of every kind (good and bad values, wrong types, nulls, unknown and
   * tree-only fields, keys sent twice) and in any order: whatever the reader answers, fields or an error, is the
   * tree's answer.
   */
  @Test
  void agreesWithTheTreeOnRandomBodies() {
    Random random = new Random(20261204);
    String[] strings = {"\"a\"", "\"ko-app.1\"", "\"\"", "\" \"", "\"x y\"", "\"caf\\u00e9\"", "\"\\u0007\"",
        "\"" + "s".repeat(65) + "\"", "\"" + "s".repeat(129) + "\"", "\"Roku/DVP-12.0 (12.0.0.4186-C3)\""};
    String[] others = {"null", "true", "false", "0", "-0", "7", "1764324000", "1764324000123", "1.5", "[]",
        "{}", "{\"k\":\"v\"}", "\"\\ud800\""};
    String[] names = {"app_id", "app_version", "ids", "lat", "os_version", "model", "device_ua", "usertime",
        "kochava_device_id", "data", "referrer", "client_key", "att", "extra"};
    int read = 0;
    int refused = 0;
    String[] good = {"\"a\"", "\"ko-app.1\"", "\"x y\"", "\"caf\\u00e9\"", "\"Roku/DVP-12.0 (12.0.0.4186-C3)\""};
    for (int n = 0; n < 20_000; n++) {
      boolean clean = random.nextBoolean(); // half the bodies good values only, half with faults anywhere
      String[] pool = clean ? good : strings;
      int fault = clean ? Integer.MAX_VALUE : 6;
      List<String> members = new ArrayList<>();
      for (String name : names) {
        if (random.nextInt(name.equals("app_id") || name.equals("ids") ? 10 : 3) == 0) {
          continue;
        }
        String value = switch (name) {
          case "ids" -> random.nextInt(fault) == 0 ? pick(random, others) : "{" + idMembers(random, pool, clean) + "}";
          case "data" -> random.nextInt(fault) == 0 ? pick(random, others)
              : "{" + dataMembers(random, pool, clean) + "}";
          case "lat" -> random.nextInt(fault) == 0 ? pick(random, others) : random.nextBoolean() ? "true" : "false";
          case "usertime" -> random.nextInt(fault) == 0 ? pick(random, others) : !clean && random.nextInt(4) == 0
              ? "99" : "1764324000";
          case "app_id" -> random.nextInt(fault) == 0 ? pick(random, others) : !clean && random.nextInt(4) == 0
              ? pick(random, strings) : "\"koapp\"";
          default -> random.nextInt(fault) == 0 ? pick(random, others) : pick(random, pool);
        };
        if ((name.equals("att") || name.equals("extra")) && (clean || random.nextInt(4) != 0)) {
          continue;
        }
        members.add("\"" + name + "\":" + value);
        if (!clean && random.nextInt(40) == 0) {
          members.add("\"" + name + "\":" + value); // a key sent twice
        }
      }
      java.util.Collections.shuffle(members, random);
      String body = "{" + String.join(",", members) + "}";
      Object fast = fast(body);
      if (fast == null) {
        continue;
      }
      assertEquals(tree(body), fast, body);
      if (fast instanceof DeviceFields) {
        read++;
      } else {
        refused++;
      }
    }
    // Not a vacuous agreement: the reader took thousands of these bodies itself, both kinds.
    assertTrue(read > 1_000, "read " + read);
    assertTrue(refused > 1_000, "refused " + refused);
  }

  private static String idMembers(Random random, String[] strings, boolean clean) {
    List<String> ids = new ArrayList<>();
    for (String name : new String[] {"rida", "channel_client_id", "lgudid"}) {
      if (random.nextInt(3) != 0) {
        ids.add("\"" + name + "\":" + (!clean && random.nextInt(10) == 0 ? "5" : random.nextInt(3) == 0
            ? pick(random, strings) : "\"0000000a-0001-4000-8000-00000000000" + random.nextInt(10) + "\""));
      }
    }
    return String.join(",", ids);
  }

  private static String dataMembers(Random random, String[] strings, boolean clean) {
    String[] values = clean ? new String[] {"1", "12345678901", "true", "false", "\"v\""}
        : new String[] {"1", "12345678901", "true", "false", "\"v\"", "null", "2.5", "{\"n\":1}", "[1]"};
    List<String> data = new ArrayList<>();
    for (String name : new String[] {"campaign", "tier", "usertime", "n"}) {
      if (random.nextInt(3) != 0 && (!name.equals("usertime") || !clean && random.nextInt(8) == 0)) {
        data.add("\"" + name + "\":" + (random.nextInt(3) == 0 ? pick(random, values) : pick(random, strings)));
      }
    }
    return String.join(",", data);
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** The tree path's answer: the fields, or its error as one string (status, code, field, message). */
  private static Object tree(String body) {
    try {
      return RequestParser.install(StrictJson.parse(bytes(body)).value());
    } catch (ApiException e) {
      return describe(e);
    } catch (JsonRejected e) {
      return "json " + e.code() + " " + e.field() + " " + e.getMessage();
    }
  }

  /** The reader's answer: the fields, its error as {@link #tree} words it, or null when it left the body alone. */
  private static Object fast(String body) {
    try {
      return InstallReader.read(bytes(body));
    } catch (ApiException e) {
      return describe(e);
    }
  }

  private static String describe(ApiException e) {
    return "api " + e.status() + " " + e.code() + " " + e.field() + " " + e.getMessage();
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
