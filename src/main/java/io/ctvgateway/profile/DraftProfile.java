package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * A profile that is not in the serving set: a draft pasted into the console's playground, read and checked
 * exactly as a file of {@code profiles_dir} would be, its examples run one by one. Nothing is stored or served.
 *
 * @param profile the draft's profile, to try requests against
 * @param examples each example of the draft, passed or not, with what it got wrong
 */
public record DraftProfile(DeviceProfile profile, List<ExampleResult> examples) {

  /** One example's result. */
  public record ExampleResult(String name, boolean passed, List<String> differences) {}

  public DraftProfile {
    examples = List.copyOf(examples);
  }

  /**
   * Reads a draft profile (the text of one profile file).
   *
   * @throws ProfileException when it is not valid JSON or breaks the schema (the message names the field)
   */
  public static DraftProfile parse(String json) throws ProfileException {
    LoadedProfile loaded = ProfileDirectory.read("draft", json);
    List<ExampleResult> results = new ArrayList<>();
    for (ProfileExample example : loaded.examples()) {
      List<String> differences = example.differences(loaded.profile());
      results.add(new ExampleResult(example.label(), differences.isEmpty(), differences));
    }
    return new DraftProfile(loaded.profile(), results);
  }
}
