package io.ctvgateway.profile;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ctv-gateway.jar profiles check [DIR]}: loads a profiles directory (default
 * {@code device-profiles}) without starting the server, runs every example of every file, and prints one line
 * per profile: {@code ok} with the number of examples, or {@code FAIL} and what is wrong, one line per
 * failing example with what it expected and what it got. Code-backed profiles on the class path are listed
 * and checked for duplicate ids too. Exit status: 0 when everything passes, 1 when anything fails, 2 on a
 * usage error or a directory that cannot be read.
 */
public final class ProfilesCheck {
  private ProfilesCheck() {}

  /**
   * Runs the command.
   *
   * @param args what follows {@code profiles}: {@code check [DIR]}
   * @return the exit status
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || !args.get(0).equals("check") || args.size() > 2) {
      err.println("usage: java -jar ctv-gateway.jar profiles check [DIR]   (DIR defaults to device-profiles)");
      return 2;
    }
    Path dir = Path.of(args.size() == 2 ? args.get(1) : "device-profiles");
    if (!Files.isDirectory(dir)) {
      err.println("profiles check: " + dir + " is not a directory");
      return 2;
    }
    List<Path> files;
    try {
      files = ProfileDirectory.files(dir);
    } catch (ProfileException e) {
      err.println("profiles check: " + e.getMessage());
      return 2;
    }
    Map<String, String> sources = new HashMap<>();
    int failing = 0;
    for (Path file : files) {
      if (!check(file, sources, out)) {
        failing++;
      }
    }
    int codeBacked = 0;
    try {
      for (ProfileDirectory.CodeProfile code : ProfileDirectory.codeBacked()) {
        codeBacked++;
        String earlier = sources.putIfAbsent(code.profile().id(), code.provider());
        if (earlier != null) {
          out.println("FAIL " + code.provider() + ": duplicate profile id '" + code.profile().id()
              + "', already declared by " + earlier);
          failing++;
        } else {
          out.println("ok   " + code.provider() + " (" + code.profile().id() + "): code-backed");
        }
      }
    } catch (ProfileException e) {
      out.println("FAIL " + e.getMessage());
      failing++;
    }
    int total = files.size() + codeBacked;
    out.println("profiles check " + dir + ": " + (total - failing) + " of " + total + " profiles pass"
        + (failing == 0 ? "" : ", " + failing + " failing"));
    return failing == 0 ? 0 : 1;
  }

  /** Checks one file and prints its line(s); true when it passes. */
  private static boolean check(Path file, Map<String, String> sources, PrintStream out) {
    LoadedProfile loaded;
    try {
      loaded = ProfileDirectory.read(file);
    } catch (ProfileException e) {
      out.println("FAIL " + e.getMessage());
      return false;
    }
    boolean pass = true;
    String earlier = sources.putIfAbsent(loaded.profile().id(), loaded.source());
    if (earlier != null) {
      out.println("FAIL " + loaded.source() + ": id: duplicate profile id '" + loaded.profile().id()
          + "', already declared by " + earlier);
      pass = false;
    }
    List<String> failures = loaded.failures();
    failures.forEach(failure -> out.println("FAIL " + failure));
    if (pass && failures.isEmpty()) {
      out.println("ok   " + loaded.source() + " (" + loaded.profile().id() + "): " + loaded.examples().size()
          + " examples pass");
    }
    return pass && failures.isEmpty();
  }
}
