package io.ctvgateway.profile;

import java.util.List;

/**
 * Code-backed device profiles, for what a profile file cannot express (a checksum, an id derived from two
 * others...). Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.ctvgateway.profile.DeviceProfileProvider} on the gateway's class path. Their
 * profiles are served beside the files of the profiles directory, at start-up and at every reload; an id
 * used by a file and a provider, or by two providers, is an error.
 *
 * <p>Implementations need a public no-argument constructor; the profiles they return must be immutable and
 * thread-safe, like every {@link DeviceProfile}.
 */
public interface DeviceProfileProvider {

  /** The profiles this provider contributes. Called at start-up and at every reload of the profiles. */
  List<DeviceProfile> profiles();
}
