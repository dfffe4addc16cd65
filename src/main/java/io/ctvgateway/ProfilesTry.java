package io.ctvgateway;

import io.ctvgateway.config.ConfigException;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.ingest.Preview;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Submission;
import io.ctvgateway.profile.ProfileException;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ctv-gateway.jar profiles try PLATFORM REQUEST.json [--ua UA] [--ip IP] [--event] [--dir DIR]
 * [--config PATH]}: what the admin port's preview shows for that TV request, without a running gateway: the exact
 * Kochava body, the User-Agent, UA source and install key, or the error with its field. The same code as the
 * preview and as ingest ({@link Preview}); the config (for the apps and Kochava settings, and {@code profiles_dir}
 * unless {@code --dir}) is read as the gateway reads it. Prints the preview's JSON; exit 0 for a 200, 1 for an
 * error answer, 2 for a usage error or unreadable input.
 */
final class ProfilesTry {
  static final String USAGE = "usage: java -jar ctv-gateway.jar profiles try PLATFORM REQUEST.json [--ua UA] [--ip IP]"
      + " [--event] [--dir DIR] [--config PATH]";

  private ProfilesTry() {}

  /** @param args what follows {@code profiles try} */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    String platform = null;
    Path request = null;
    String ua = null;
    String ip = "203.0.113.10";
    boolean event = false;
    Path dir = null;
    Path config = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      switch (arg) {
        case "--ua", "--ip", "--dir", "--config" -> {
          if (!hasValue) {
            err.println("profiles try: " + arg + " needs a value");
            err.println(USAGE);
            return 2;
          }
          String value = args.get(++i);
          switch (arg) {
            case "--ua" -> ua = value;
            case "--ip" -> ip = value;
            case "--dir" -> dir = Path.of(value);
            default -> config = Path.of(value);
          }
        }
        case "--event" -> event = true;
        default -> {
          if (arg.startsWith("-") || (platform != null && request != null)) {
            err.println("profiles try: unknown argument '" + arg + "'");
            err.println(USAGE);
            return 2;
          }
          if (platform == null) {
            platform = arg;
          } else {
            request = Path.of(arg);
          }
        }
      }
    }
    if (platform == null || request == null) {
      err.println(USAGE);
      return 2;
    }
    GatewayConfig gateway;
    try {
      gateway = ConfigLoader.load(Main.configFile(config, env), env, System.getProperties());
    } catch (ConfigException e) {
      err.println("profiles try: configuration error: " + e.getMessage());
      return 2;
    }
    byte[] body;
    try {
      body = Files.readAllBytes(request);
    } catch (IOException e) {
      err.println("profiles try: cannot read " + request + ": " + e.getMessage());
      return 2;
    }
    ProfileRegistry profiles;
    try {
      profiles = ProfileRegistry.load(dir != null ? dir : gateway.profilesDir());
    } catch (ProfileException e) {
      err.println("profiles try: the profiles do not load: " + e.getMessage());
      return 2;
    }
    KeyHash keys = KeyHash.of(gateway.ledger().keySecret());
    Preview.Answer answer = Preview.of(profiles, new AppAccess(gateway.kochava(), gateway.access()), platform, event,
        null, Buffer.buffer(body), ua, ip, new Submission.Rules(gateway.kochava(), keys, Clock.systemUTC()));
    out.println(answer.encode());
    return answer.status() == 200 ? 0 : 1;
  }

}
