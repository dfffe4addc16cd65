package io.ctvgateway.profile;

/**
 * A device profile file that cannot be used: unreadable, not JSON, or breaking the profile schema. The message
 * names the file, the JSON path of the broken field and the rule, e.g.
 * {@code roku.json: identifiers[1].formats[0].pattern: not a valid regex: Unclosed group near index 5}.
 *
 * <p>Thrown by {@link ProfileRegistry#load(java.nio.file.Path)}: at start-up the gateway refuses to start
 * rather than run with a partial set of profiles; on a reload it keeps the previous set.
 */
public final class ProfileException extends Exception {

  public ProfileException(String message) {
    super(message);
  }

  public ProfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
