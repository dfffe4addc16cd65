package io.ctvgateway;

/** For process tests in other packages: how many alerts docs/ops/prometheus-alerts.yml declares. */
public final class OpsFilesTestAccess {
  private OpsFilesTestAccess() {}

  public static int alertCount() throws Exception {
    return OpsFilesTest.alerts().size();
  }
}
