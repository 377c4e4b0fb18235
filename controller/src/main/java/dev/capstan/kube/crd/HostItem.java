package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One entry of an Environment's {@code spec.hosts}: a plain {@code [user@]host[:port]} string or a
 * {@code {host, roles, env}} object, kept exactly as the user wrote it.
 *
 * <p>It holds the JSON value rather than typed fields because the schema cannot say "a string or an
 * object" structurally: a value that may be either has no {@code type} and is marked {@code
 * x-kubernetes-preserve-unknown-fields} (what the CRD generator writes for a {@link JsonNode}), so
 * the API server keeps it whole, typos included, and the loader validates it and names the mistake
 * as it does in file mode.
 */
public final class HostItem {

  private final JsonNode value;

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public HostItem(JsonNode value) {
    this.value = value == null ? NullNode.getInstance() : value;
  }

  /** A host written as a plain string. */
  public static HostItem address(String address) {
    return new HostItem(JsonNodeFactory.instance.textNode(address));
  }

  /** A host written in the object form; empty roles or env are left out. */
  public static HostItem of(String host, List<String> roles, Map<String, String> env) {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("host", host);
    if (!roles.isEmpty()) {
      roles.forEach(node.putArray("roles")::add);
    }
    if (!env.isEmpty()) {
      ObjectNode envNode = node.putObject("env");
      env.forEach(envNode::put);
    }
    return new HostItem(node);
  }

  /** The value as written: a text node or an object node (or anything else, for the loader). */
  @JsonValue
  public JsonNode value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HostItem item && item.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
