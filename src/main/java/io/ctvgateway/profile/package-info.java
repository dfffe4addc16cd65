/**
 * Device profiles: how each TV platform's native device description becomes what Kochava expects.
 *
 * <p>A {@link io.ctvgateway.profile.DeviceProfile} per platform turns a {@link io.ctvgateway.profile.DeviceRequest}
 * (identifiers by native name, limit-ad-tracking flag, OS version, model, user agents) into a
 * {@link io.ctvgateway.profile.ResolvedDevice}: Kochava {@code device_ids}, the normalized
 * {@link io.ctvgateway.profile.InstallKey} installs are de-duplicated on, the user agent to forward and where
 * it came from, and {@code device_ver}. A request that breaks a profile rule fails with
 * {@link io.ctvgateway.profile.InvalidDeviceException} (code, field, message).
 *
 * <p>Profiles are declarative: {@link io.ctvgateway.profile.ProfileRegistry#load(java.nio.file.Path)} reads
 * {@code device-profiles/*.json}, runs each file's examples and adds the code-backed profiles of every
 * {@link io.ctvgateway.profile.DeviceProfileProvider}; adding a platform is adding a file
 * ({@code device-profiles/README.md} documents the schema). {@link io.ctvgateway.profile.ProfileReloader} holds
 * the current registry and swaps in a new one when the directory changes; {@link io.ctvgateway.profile.ProfilesCheck}
 * is the {@code profiles check} command. Everything else here is package-private:
 * {@code ProfileParser}/{@code IdentifierParser}/{@code ExampleParser} read a file strictly,
 * {@code DeclarativeProfile} resolves requests with {@code IdentifierSet}, {@code OptOutRules} and
 * {@code OsVersionRules}, and {@code Template} renders user agents and versions from regex groups and lookup
 * tables.
 */
package io.ctvgateway.profile;
