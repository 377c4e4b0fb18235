package dev.capstan.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shape of status, shared by {@code capstan status -o json} and the controller's
 * {@code /status}: {@code {"environments": [{"name", "revision", "commit", "conditions",
 * "hosts": [{"host", "release", "commit", "state", "message"}]}]}}.
 */
public final class StatusJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusJson() {}

  public static String write(List<RolloutReport> reports) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode environments = root.putArray("environments");
    Instant now = Instant.now();
    for (RolloutReport report : reports) {
      environments.add(environment(report, Conditions.of(report, now)));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  static ObjectNode environment(RolloutReport report, List<Condition> conditions) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", report.environment());
    node.put("revision", report.revision());
    node.put("commit", report.commit());
    if (report.error() != null) {
      node.put("error", report.error());
    }
    ArrayNode conditionNodes = node.putArray("conditions");
    for (Condition condition : conditions) {
      ObjectNode c = conditionNodes.addObject();
      c.put("type", condition.type());
      c.put("status", condition.status());
      c.put("reason", condition.reason());
      c.put("message", condition.message());
      c.put("lastTransitionTime", condition.lastTransitionTime().toString());
    }
    ArrayNode hosts = node.putArray("hosts");
    for (HostReport host : report.hosts()) {
      ObjectNode h = hosts.addObject();
      h.put("host", host.host());
      h.put("release", host.release());
      h.put("commit", host.commit());
      h.put("state", host.state().name());
      h.put("message", host.message());
      ArrayNode actions = h.putArray("pendingActions");
      host.actions().forEach(actions::add);
    }
    return node;
  }
}
