package io.ctvgateway.profile;

/** Where the forwarded device user agent came from, most trusted first. */
public enum UaSource {
  /** {@code device_ua} in the request body. */
  EXPLICIT,
  /** The ping's own {@code User-Agent} header, recognised by the profile as a device UA. */
  HEADER,
  /** Synthesised from the profile's templates and the reported OS version. */
  TEMPLATE,
  /** None: only {@code device_ver} is sent, with {@code User-Agent: Unknown} upstream. */
  NONE
}
