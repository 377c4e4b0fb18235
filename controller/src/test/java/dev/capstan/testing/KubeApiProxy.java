package dev.capstan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a real {@code kubectl} needs in front of fabric8's mock API server, which serves resources
 * but no discovery: answers {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and
 * {@code /apis/capstan.dev[/v1alpha1]} itself (the legacy, non-aggregated documents; kubectl falls
 * back to them), and forwards everything else to the mock as it came, streaming watch responses as
 * they arrive; given the CRDs, it also answers {@code kubectl get}'s request for a Table with their
 * printer columns. JDK and Jackson only, so that it can sit beside any test.
 */
public final class KubeApiProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection",
          "http2-settings",
          "date");

  private static final String VERSION =
      """
      {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "mock",
       "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23",
       "compiler": "gc", "platform": "linux/amd64"}""";
  private static final String API =
      """
      {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs":
       [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}""";
  private static final String CORE_V1 =
      """
      {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
       %s, %s, %s, %s]}"""
          .formatted(
              resource("namespaces", "namespace", "Namespace", false, "ns", null),
              resource("secrets", "secret", "Secret", true, null, null),
              resource("events", "event", "Event", true, "ev", null),
              resource("configmaps", "configmap", "ConfigMap", true, "cm", null));
  private static final String GROUP =
      """
      {"name": "capstan.dev", "versions": [{"groupVersion": "capstan.dev/v1alpha1",
       "version": "v1alpha1"}], "preferredVersion": {"groupVersion": "capstan.dev/v1alpha1",
       "version": "v1alpha1"}}""";
  private static final String APIS =
      """
      {"kind": "APIGroupList", "apiVersion": "v1", "groups": [%s]}"""
          .formatted(GROUP);
  private static final String CAPSTAN_V1ALPHA1 =
      """
      {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "capstan.dev/v1alpha1",
       "resources": [%s, %s, %s, %s]}"""
          .formatted(
              resource("applications", "application", "Application", true, "capp", "capstan"),
              subresource("applications/status", "Application"),
              resource("environments", "environment", "Environment", true, "cenv", "capstan"),
              subresource("environments/status", "Environment"));

  /**
   * OpenAPI v3, only as much as {@code kubectl apply}'s default validation needs: it asks whether
   * the PATCH of each kind takes {@code fieldValidation} (then the server validates, and no schema
   * is needed on the client); without any OpenAPI it refuses to apply ("failed to download
   * openapi"). The mock ignores the parameter.
   */
  private static final Map<String, String> OPENAPI_V3 =
      Map.of(
          "/openapi/v3/api/v1",
              openApi(
                  "",
                  "v1",
                  "/api/v1",
                  "secrets",
                  "Secret",
                  "events",
                  "Event",
                  "configmaps",
                  "ConfigMap"),
          "/openapi/v3/apis/capstan.dev/v1alpha1",
              openApi(
                  "capstan.dev",
                  "v1alpha1",
                  "/apis/capstan.dev/v1alpha1",
                  "applications",
                  "Application",
                  "environments",
                  "Environment"));

  private static final String OPENAPI_V3_ROOT =
      "{\"paths\": {"
          + "\"api/v1\": {\"serverRelativeURL\": \"/openapi/v3/api/v1?hash=1\"}, "
          + "\"apis/capstan.dev/v1alpha1\": {\"serverRelativeURL\": "
          + "\"/openapi/v3/apis/capstan.dev/v1alpha1?hash=1\"}}}";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper YAML_JSON = new ObjectMapper();
  private static final java.util.regex.Pattern TABLE_PATH =
      java.util.regex.Pattern.compile(
          "/apis/capstan\\.dev/v1alpha1(/namespaces/[^/]+)?/([a-z]+)(/[^/]+)?");

  private static final java.util.regex.Pattern JSON_PATH_STEP =
      java.util.regex.Pattern.compile(
          "\\.([A-Za-z0-9_]+)(?:\\[\\?\\(@\\.([A-Za-z0-9_]+)==\"([^\"]*)\"\\)\\])?");

  private final HttpServer server;
  private final URI target;
  private final HttpClient forward =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "kube-api-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, String> discovery =
      Map.of(
          "/version",
          VERSION,
          "/api",
          API,
          "/api/v1",
          CORE_V1,
          "/apis",
          APIS,
          "/apis/capstan.dev",
          GROUP.replaceFirst("\\{", "{\"kind\": \"APIGroup\", "),
          "/apis/capstan.dev/v1alpha1",
          CAPSTAN_V1ALPHA1);

  /** Per plural of capstan.dev, the printer columns of its CRD (a real server's Table). */
  private final Map<String, JsonNode> columns;

  private KubeApiProxy(URI target, Map<String, JsonNode> columns) throws IOException {
    this.target = target;
    this.columns = columns;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy in front of the API server at {@code target} (like {@code http://127.0.0.1:N/}). */
  public static KubeApiProxy start(URI target) throws IOException {
    return new KubeApiProxy(target, Map.of());
  }

  /**
   * Also answers {@code kubectl get}'s request for a Table (which the mock does not know) for the
   * kinds of these CRD files, with their {@code additionalPrinterColumns}, as a real API server
   * does: so {@code kubectl get} and {@code -o wide} show the columns a cluster would.
   */
  public static KubeApiProxy start(URI target, List<Path> crdFiles) throws IOException {
    Map<String, JsonNode> columns = new java.util.HashMap<>();
    for (Path file : crdFiles) {
      JsonNode crd = YAML.readTree(file.toFile());
      columns.put(
          crd.path("spec").path("names").path("plural").asText(),
          crd.path("spec").path("versions").path(0).path("additionalPrinterColumns"));
    }
    return new KubeApiProxy(target, Map.copyOf(columns));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A kubeconfig file for {@code kubectl} that points at this proxy, context namespace set. */
  public Path writeKubeconfig(Path file, String namespace) throws IOException {
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: mock",
            "  cluster: {server: \"" + url() + "\"}",
            "users:",
            "- name: tester",
            "  user: {token: test}",
            "contexts:",
            "- name: mock",
            "  context: {cluster: mock, user: tester, namespace: " + namespace + "}",
            "current-context: mock",
            ""));
    return file;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String document =
          discovery.get(
              path.endsWith("/") && path.length() > 1
                  ? path.substring(0, path.length() - 1)
                  : path);
      String table = document == null ? table(exchange) : null;
      if (document != null && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, document);
      } else if (path.equals("/openapi/v3") && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, OPENAPI_V3_ROOT);
      } else if (OPENAPI_V3.containsKey(path) && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, OPENAPI_V3.get(path));
      } else if (table != null) {
        reply(exchange, 200, table);
      } else if (path.startsWith("/openapi/")) {
        reply(exchange, 404, status(404, "NotFound", "no OpenAPI v2 document here"));
      } else {
        forward(exchange);
      }
    } catch (IOException | RuntimeException e) {
      // kubectl went away mid-watch: nothing to answer.
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    URI uri =
        target.resolve(
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<InputStream> response;
    try {
      response = forward.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    boolean empty = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204;
    exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
    try (InputStream in = response.body();
        OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush(); // a watch: each event as it comes
      }
    }
  }

  /** A Table for {@code kubectl get} of a capstan.dev kind, or null when that is not asked. */
  private String table(HttpExchange exchange) throws IOException {
    String accept =
        String.join(",", exchange.getRequestHeaders().getOrDefault("Accept", List.of()));
    String query = exchange.getRequestURI().getRawQuery();
    java.util.regex.Matcher path = TABLE_PATH.matcher(exchange.getRequestURI().getPath());
    if (!exchange.getRequestMethod().equals("GET")
        || !accept.contains("as=Table")
        || (query != null && query.contains("watch="))
        || !path.matches()
        || !columns.containsKey(path.group(2))) {
      return null;
    }
    HttpResponse<String> response;
    try {
      response =
          forward.send(
              HttpRequest.newBuilder(
                      target.resolve(
                          exchange.getRequestURI().getRawPath()
                              + (query == null ? "" : "?" + query)))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (response.statusCode() != 200) {
      return null; // forwarded as it is: kubectl shows the mock's error
    }
    JsonNode body = YAML_JSON.readTree(response.body());
    List<JsonNode> items = new java.util.ArrayList<>();
    if (body.has("items")) {
      body.get("items").forEach(items::add);
    } else {
      items.add(body);
    }
    ObjectNode table = YAML_JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("priority", 0);
    for (JsonNode column : columns.get(path.group(2))) {
      definitions
          .addObject()
          .put("name", column.path("name").asText())
          .put("type", column.path("type").asText("string"))
          .put("description", column.path("description").asText(""))
          .put("priority", column.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (JsonNode column : columns.get(path.group(2))) {
        JsonNode value = evaluate(item, column.path("jsonPath").asText());
        cells.add(
            value.isMissingNode() || value.isNull()
                ? ""
                : column.path("type").asText().equals("date")
                    ? age(value.asText())
                    : value.asText());
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata"));
    }
    return YAML_JSON.writeValueAsString(table);
  }

  /** The JSONPath of a printer column: {@code .a.b}, with {@code c[?(@.k=="v")]} filters. */
  private static JsonNode evaluate(JsonNode item, String jsonPath) {
    java.util.regex.Matcher step = JSON_PATH_STEP.matcher(jsonPath);
    JsonNode value = item;
    while (step.find()) {
      value = value.path(step.group(1));
      if (step.group(2) != null) {
        JsonNode match = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (JsonNode element : value) {
          if (element.path(step.group(2)).asText().equals(step.group(3))) {
            match = element;
            break;
          }
        }
        value = match;
      }
    }
    return value;
  }

  /** A timestamp as kubectl shows ages: 42s, 3m7s, 15m, 2h5m, 3d. */
  private static String age(String timestamp) {
    long seconds =
        Math.max(
            0,
            Duration.between(java.time.Instant.parse(timestamp), java.time.Instant.now())
                .toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    return hours < 48 ? hours + "h" : hours / 24 + "d";
  }

  private static void reply(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"code\": "
        + code
        + ", \"reason\": \""
        + reason
        + "\", \"message\": \""
        + message
        + "\"}";
  }

  private static String resource(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      String shortName,
      String category) {
    return "{\"name\": \""
        + plural
        + "\", \"singularName\": \""
        + singular
        + "\", \"namespaced\": "
        + namespaced
        + ", \"kind\": \""
        + kind
        + "\", \"verbs\": "
        + "[\"create\", \"delete\", \"get\", \"list\", \"patch\", \"update\", \"watch\"]"
        + (shortName == null ? "" : ", \"shortNames\": [\"" + shortName + "\"]")
        + (category == null ? "" : ", \"categories\": [\"" + category + "\"]")
        + "}";
  }

  /** A group-version's OpenAPI v3 document: per plural and kind, a PATCH that validates. */
  private static String openApi(
      String group, String version, String prefix, String... pluralsAndKinds) {
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < pluralsAndKinds.length; i += 2) {
      paths.add(
          "\""
              + prefix
              + "/namespaces/{namespace}/"
              + pluralsAndKinds[i]
              + "/{name}\": "
              + "{\"patch\": {\"x-kubernetes-group-version-kind\": {\"group\": \""
              + group
              + "\", \"version\": \""
              + version
              + "\", \"kind\": \""
              + pluralsAndKinds[i + 1]
              + "\"}, \"parameters\": [{\"name\": \"fieldValidation\", \"in\": \"query\", "
              + "\"schema\": {\"type\": \"string\"}}], \"responses\": {}}}");
    }
    return "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"mock\", \"version\": \""
        + version
        + "\"}, \"paths\": {"
        + String.join(", ", paths)
        + "}}";
  }

  private static String subresource(String name, String kind) {
    return "{\"name\": \""
        + name
        + "\", \"singularName\": \"\", \"namespaced\": true, "
        + "\"kind\": \""
        + kind
        + "\", \"verbs\": [\"get\", \"patch\", \"update\"]}";
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
