package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/device-profile.schema.json (JSON Schema 2020-12, what editors validate with while an author types) accepts
 * every shipped profile and the authors' guide's worked example, and refuses a profile with a wrong key or type;
 * validated by Vert.x's JSON Schema validator, not by hand.
 */
class ProfileSchemaTest {
  private static Validator validator() throws Exception {
    JsonObject schema = new JsonObject(Files.readString(Path.of("docs", "device-profile.schema.json")));
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://ctv-gateway.invalid/").setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
  }

  private static String errors(OutputUnit result) {
    return result.getErrors() == null ? "" : result.getErrors().toString();
  }

  @Test
  void everyShippedProfileAndTheGuidesExampleValidate() throws Exception {
    Validator validator = validator();
    int checked = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("device-profiles"), "*.json")) {
      for (Path file : files) {
        OutputUnit result = validator.validate(new JsonObject(Files.readString(file)));
        assertTrue(result.getValid(), file + ": " + errors(result));
        checked++;
      }
    }
    assertTrue(checked >= 8);
    Matcher example = Pattern.compile("save it as\\n`device-profiles/acme.json` and it loads\\.\\n\\n```json\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(Files.readString(Path.of("device-profiles", "README.md")));
    assertTrue(example.find(), "the guide's worked example");
    OutputUnit result = validator.validate(new JsonObject(example.group(1)));
    assertTrue(result.getValid(), errors(result));
  }

  @Test
  void aProfileWithAWrongKeyOrTypeIsRefused() throws Exception {
    Validator validator = validator();
    JsonObject roku = new JsonObject(Files.readString(Path.of("device-profiles", "roku.json")));
    assertFalse(validator.validate(roku.copy().put("identifer", new JsonArray())).getValid(), "an unknown key");
    assertFalse(validator.validate(roku.copy().put("id", "Roku TV")).getValid(), "an id with capitals and a space");
    JsonObject badNormalize = roku.copy();
    badNormalize.getJsonArray("identifiers").getJsonObject(0).getJsonArray("formats").getJsonObject(0)
        .put("normalize", new JsonArray().add("lowercase"));
    assertFalse(validator.validate(badNormalize).getValid(), "an unknown normalize step");
    JsonObject noFormats = roku.copy();
    noFormats.getJsonObject("osVersion").remove("formats");
    assertFalse(validator.validate(noFormats).getValid(), "osVersion without formats");
  }
}
