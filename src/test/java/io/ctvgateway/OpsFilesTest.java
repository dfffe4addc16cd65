package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.PrometheusTools;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard under docs/ops, checked with Prometheus's own promtool: the rules load, each
 * alert's unit test passes (it fires for an unhealthy series, stays quiet for a healthy one and before its
 * {@code for:}), a broken rule makes them fail, and every alert has a runbook in the README. That every dashboard
 * query returns data from a real gateway is {@code PrometheusIT}'s.
 */
class OpsFilesTest {
  static final Path RULES = Path.of("docs", "ops", "prometheus-alerts.yml");
  static final Path RULE_TESTS = Path.of("docs", "ops", "prometheus-alerts.test.yml");
  static final Path DASHBOARD = Path.of("docs", "ops", "grafana-dashboard.json");
  private static final Pattern ALERT = Pattern.compile("^\\s+- alert: (\\w+)$", Pattern.MULTILINE);

  static List<String> alerts() throws Exception {
    List<String> names = new ArrayList<>();
    Matcher m = ALERT.matcher(Files.readString(RULES));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void theRulesLoadAndTheirUnitTestsPass() throws Exception {
    PrometheusTools.Run check = PrometheusTools.promtool(null, "check", "rules", RULES.toString());
    assertEquals(0, check.exit(), check.output());
    PrometheusTools.Run test = PrometheusTools.promtool(null, "test", "rules", RULE_TESTS.toString());
    assertEquals(0, test.exit(), test.output());
  }

  @Test
  void everyAlertIsTestedFiringAndQuietAndHasARunbook() throws Exception {
    String tests = Files.readString(RULE_TESTS);
    String readme = Files.readString(Path.of("README.md"));
    List<String> alerts = alerts();
    assertTrue(alerts.size() >= 10, alerts.toString());
    for (String alert : alerts) {
      Matcher cases = Pattern.compile("alertname: " + alert + "\\n\\s+exp_alerts:(.*)").matcher(tests);
      boolean fires = false;
      boolean quiet = false;
      while (cases.find()) {
        if (cases.group(1).trim().equals("[]")) {
          quiet = true;
        } else {
          fires = true;
        }
      }
      assertTrue(fires, alert + " has no test where it fires");
      assertTrue(quiet || alert.equals("CtvgwLedgerKeysLost"), alert + " has no test where it stays quiet");
      assertTrue(tests.contains("instance: bad") && readme.contains("**" + alert + "**"),
          alert + " needs a runbook entry (**" + alert + "**) in the README");
    }
  }

  @Test
  void aBrokenRuleFailsItsUnitTest(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("prometheus-alerts.yml"), Files.readString(RULES)
        .replace("expr: min by (instance) (ctvgw_ledger_up) == 0", "expr: min by (instance) (ctvgw_ledger_up) == 2"));
    Files.copy(RULE_TESTS, dir.resolve("prometheus-alerts.test.yml"));
    PrometheusTools.Run test = PrometheusTools.promtool(null, "test", "rules",
        dir.resolve("prometheus-alerts.test.yml").toString());
    assertNotEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("CtvgwLedgerDown"), test.output());
  }

  @Test
  void theDashboardIsGrafanaJsonWithAQueryInEveryPanel() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    assertEquals("ctv-gateway", dashboard.getString("uid"));
    assertTrue(dashboard.getJsonArray("panels").size() >= 14);
    dashboard.getJsonArray("panels").forEach(panel -> {
      JsonObject p = (JsonObject) panel;
      assertTrue(!p.getJsonArray("targets").isEmpty(), p.getString("title"));
      p.getJsonArray("targets").forEach(t -> assertTrue(((JsonObject) t).getString("expr").contains("ctvgw_")
          || ((JsonObject) t).getString("expr").contains("jvm_"), p.getString("title")));
    });
  }
}
