package io.ctvgateway.ingest;

import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.profile.ProfileRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/** What the install and event handlers share: profiles, the client's address rule, intake, wire config, time. */
record Admission(
    Supplier<ProfileRegistry> profiles,
    ClientAddress clientAddress,
    Intake intake,
    KochavaConfig kochava,
    Clock clock,
    IngestStats stats) {

  Admission {
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(kochava, "kochava");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(stats, "stats");
  }
}
