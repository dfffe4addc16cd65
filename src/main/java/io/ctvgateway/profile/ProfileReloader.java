package io.ctvgateway.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link ProfileRegistry}, reloaded when the profiles directory changes.
 *
 * <p>Design: the registry is immutable and held in an {@link AtomicReference}; {@link #get()} is one volatile
 * read, so a request that takes the registry once sees one consistent set of profiles however a reload runs.
 * A thread this class owns ({@code ctvgw-profiles}, a daemon) polls the directory every interval: it hashes
 * the names and contents of the {@code *.json} files and, when the hash changed, loads a whole new registry
 * with {@link ProfileRegistry#load(Path)} (schema, examples, duplicate ids, code-backed profiles). A registry
 * that loads is swapped in at once ({@code event=profiles_reloaded}); a broken change keeps the old set and
 * is logged with the reason ({@code event=profiles_reload_refused}), once per distinct content. Polling
 * rather than a {@code WatchService}: it sees edits, renames and files replaced by editors or config-map
 * mounts alike, and costs one read of a few small files per interval.
 */
public final class ProfileReloader implements Supplier<ProfileRegistry>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileReloader.class);

  /** What a reload did. */
  public enum Outcome {
    /** The files did not change since the last load or refusal. */
    UNCHANGED,
    /** A new set was loaded and swapped in. */
    RELOADED,
    /** The files changed but do not load; the previous set keeps serving. */
    REFUSED
  }

  private final Path dir;
  private final Duration interval;
  private final LastValidProfiles lastValid;
  private final AtomicReference<ProfileRegistry> current;
  private final AtomicReference<String> lastRefusal = new AtomicReference<>();
  private final AtomicReference<ScheduledExecutorService> poller = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicLong refusedReloads = new java.util.concurrent.atomic.AtomicLong();
  private volatile ProfileStatus status;
  private String fingerprint;

  private ProfileReloader(Path dir, Duration interval, LastValidProfiles lastValid, ProfileRegistry initial,
      String fingerprint, ProfileStatus status) {
    this.dir = dir;
    this.interval = interval;
    this.lastValid = lastValid;
    this.current = new AtomicReference<>(initial);
    this.fingerprint = fingerprint;
    this.status = status;
  }

  /**
   * Loads the profiles of {@code dir} (blocking: call it from a worker or at start-up). Nothing is watched
   * until {@link #start()}.
   *
   * @param interval how often to look for changes; zero disables reloading
   * @throws ProfileException when the directory does not load, as {@link ProfileRegistry#load(Path)}
   */
  public static ProfileReloader load(Path dir, Duration interval) throws ProfileException {
    return load(dir, interval, null);
  }

  /**
   * As {@link #load(Path, Duration)}, keeping a copy of every set that validates in {@code lastValidFile}; when
   * the directory does not validate, starts from what of it still loads plus the last valid copies of the
   * files that do not, loudly ({@code event=profiles_degraded} at ERROR, {@link ProfileStatus#degraded()}),
   * rather than failing: one broken file must not take every platform down at the next restart.
   *
   * @param lastValidFile where the last valid set is kept, or null for none (strict: a broken directory fails)
   * @throws ProfileException when the directory does not load and no fallback serves a single profile
   */
  public static ProfileReloader load(Path dir, Duration interval, Path lastValidFile) throws ProfileException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
    LastValidProfiles lastValid = lastValidFile == null ? null : new LastValidProfiles(lastValidFile);
    String fingerprint = fingerprint(dir); // before loading: a change in between is seen by the first poll
    try {
      ProfileRegistry registry = ProfileRegistry.load(dir);
      save(lastValid, dir);
      return new ProfileReloader(dir, interval, lastValid, registry, fingerprint,
          new ProfileStatus(registry.ids(), false, List.of(), List.of(), 0, registry.exampleCounts()));
    } catch (ProfileException e) {
      if (lastValid == null) {
        throw e;
      }
      ProfileRegistry.Lenient lenient = ProfileRegistry.loadLenient(dir, lastValid.read());
      LOG.error("event=profiles_degraded dir={} serving={} refused={} from_last_valid={} last_valid={} hint={}",
          dir, lenient.registry().ids(), lenient.refused().stream().map(ProfileStatus.Refused::file).toList(),
          lenient.fromLastValid(), lastValid.file(), "fix the refused files: GET /profiles on the admin port says why");
      lenient.refused().forEach(refused -> LOG.error("event=profile_refused file={} reason={}", refused.file(),
          refused.reason()));
      ProfileReloader reloader = new ProfileReloader(dir, interval, lastValid, lenient.registry(), fingerprint,
          new ProfileStatus(lenient.registry().ids(), true, lenient.refused(), lenient.fromLastValid(), 0,
              lenient.registry().exampleCounts()));
      reloader.lastRefusal.set(e.getMessage());
      return reloader;
    }
  }

  private static void save(LastValidProfiles lastValid, Path dir) {
    if (lastValid == null) {
      return;
    }
    try {
      lastValid.save(dir);
    } catch (IOException | ProfileException e) {
      LOG.warn("event=profiles_last_valid_not_saved file={} cause={}", lastValid.file(), e.toString());
    }
  }

  /** Where the served set came from and what is refused; one volatile read. */
  public ProfileStatus status() {
    return status;
  }

  /** Starts polling the directory on this reloader's own thread (not when the interval is zero). Idempotent. */
  public ProfileReloader start() {
    if (interval.isZero() || poller.get() != null) {
      return this;
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ctvgw-profiles");
      thread.setDaemon(true);
      return thread;
    });
    if (!poller.compareAndSet(null, executor)) {
      executor.shutdownNow();
      return this;
    }
    long millis = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info("event=profiles_watching dir={} interval_ms={}", dir, millis);
    return this;
  }

  /** The profiles to use now. Take it once per request: it is one consistent set. */
  @Override
  public ProfileRegistry get() {
    return current.get();
  }

  /** Why the last changed content was refused, or null when the last change loaded. */
  public String lastRefusal() {
    return lastRefusal.get();
  }

  /**
   * Looks at the directory now and swaps in a new set if it changed and loads. Blocking (reads files): never
   * on an event loop. The polling thread calls it; so may an operator's reload call.
   */
  public synchronized Outcome reload() {
    String now = fingerprint(dir);
    if (now.equals(fingerprint)) {
      return Outcome.UNCHANGED;
    }
    fingerprint = now;
    try {
      ProfileRegistry next = ProfileRegistry.load(dir);
      current.set(next);
      lastRefusal.set(null);
      status = new ProfileStatus(next.ids(), false, List.of(), List.of(), refusedReloads.get(), next.exampleCounts());
      save(lastValid, dir);
      LOG.info("event=profiles_reloaded dir={} profiles={}", dir, next.ids());
      return Outcome.RELOADED;
    } catch (ProfileException | RuntimeException e) {
      lastRefusal.set(e.getMessage());
      ProfileStatus before = status;
      List<ProfileStatus.Refused> refused = ProfileRegistry.diagnose(dir);
      if (refused.isEmpty()) {
        refused = List.of(new ProfileStatus.Refused(dir.toString(), e.getMessage()));
      }
      status = new ProfileStatus(before.serving(), before.degraded(), refused, before.fromLastValid(),
          refusedReloads.incrementAndGet(), before.examples());
      LOG.warn("event=profiles_reload_refused dir={} kept={} reason={}", dir, current.get().ids(), e.getMessage());
      return Outcome.REFUSED;
    }
  }

  private void poll() {
    if (poller.get() == null) {
      return; // closed while this run was queued
    }
    try {
      reload();
    } catch (RuntimeException e) { // a scheduled task that throws is never run again: keep polling
      LOG.error("event=profiles_poll_failed dir={} cause={}", dir, e.toString());
    }
  }

  /** Stops polling; the current set stays available. Does not block. */
  @Override
  public void close() {
    ScheduledExecutorService executor = poller.getAndSet(null);
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** SHA-256 over the names and bytes of the directory's {@code *.json} files, or the error listing them. */
  static String fingerprint(Path dir) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    try {
      for (Path file : ProfileDirectory.files(dir)) {
        digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
    } catch (ProfileException | IOException e) {
      return "unreadable: " + e.getMessage();
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
