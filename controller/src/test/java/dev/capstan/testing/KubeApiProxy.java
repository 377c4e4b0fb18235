package dev.capstan.testing;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a real {@code kubectl} needs in front of fabric8's mock API server, which serves resources
 * but no discovery: answers {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and
 * {@code /apis/capstan.dev[/v1alpha1]} itself (the legacy, non-aggregated documents; kubectl
 * falls back to them), and forwards everything else to the mock as it came, streaming watch
 * responses as they arrive. JDK only, so that it can sit beside any test.
 */
public final class KubeApiProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect",
      "host", "upgrade", "transfer-encoding", "keep-alive", "te", "trailer",
      "proxy-connection", "http2-settings", "date");

  private static final String VERSION = """
      {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "mock",
       "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23",
       "compiler": "gc", "platform": "linux/amd64"}""";
  private static final String API = """
      {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs":
       [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}""";
  private static final String CORE_V1 = """
      {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
       %s, %s, %s, %s]}""".formatted(
          resource("namespaces", "namespace", "Namespace", false, "ns", null),
          resource("secrets", "secret", "Secret", true, null, null),
          resource("events", "event", "Event", true, "ev", null),
          resource("configmaps", "configmap", "ConfigMap", true, "cm", null));
  private static final String GROUP = """
      {"name": "capstan.dev", "versions": [{"groupVersion": "capstan.dev/v1alpha1",
       "version": "v1alpha1"}], "preferredVersion": {"groupVersion": "capstan.dev/v1alpha1",
       "version": "v1alpha1"}}""";
  private static final String APIS = """
      {"kind": "APIGroupList", "apiVersion": "v1", "groups": [%s]}""".formatted(GROUP);
  private static final String CAPSTAN_V1ALPHA1 = """
      {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "capstan.dev/v1alpha1",
       "resources": [%s, %s, %s, %s]}""".formatted(
          resource("applications", "application", "Application", true, "capp", "capstan"),
          subresource("applications/status", "Application"),
          resource("environments", "environment", "Environment", true, "cenv", "capstan"),
          subresource("environments/status", "Environment"));

  /**
   * OpenAPI v3, only as much as {@code kubectl apply}'s default validation needs: it asks whether
   * the PATCH of each kind takes {@code fieldValidation} (then the server validates, and no
   * schema is needed on the client); without any OpenAPI it refuses to apply ("failed to
   * download openapi"). The mock ignores the parameter.
   */
  private static final Map<String, String> OPENAPI_V3 = Map.of(
      "/openapi/v3/api/v1", openApi("", "v1", "/api/v1", "secrets", "Secret",
          "events", "Event", "configmaps", "ConfigMap"),
      "/openapi/v3/apis/capstan.dev/v1alpha1", openApi("capstan.dev", "v1alpha1",
          "/apis/capstan.dev/v1alpha1", "applications", "Application",
          "environments", "Environment"));
  private static final String OPENAPI_V3_ROOT = "{\"paths\": {"
      + "\"api/v1\": {\"serverRelativeURL\": \"/openapi/v3/api/v1?hash=1\"}, "
      + "\"apis/capstan.dev/v1alpha1\": {\"serverRelativeURL\": "
      + "\"/openapi/v3/apis/capstan.dev/v1alpha1?hash=1\"}}}";

  private final HttpServer server;
  private final URI target;
  private final HttpClient forward = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "kube-api-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, String> discovery = Map.of(
      "/version", VERSION, "/api", API, "/api/v1", CORE_V1, "/apis", APIS,
      "/apis/capstan.dev", GROUP.replaceFirst("\\{", "{\"kind\": \"APIGroup\", "),
      "/apis/capstan.dev/v1alpha1", CAPSTAN_V1ALPHA1);
  private final AtomicInteger forwarded = new AtomicInteger();

  private KubeApiProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy in front of the API server at {@code target} (like {@code http://127.0.0.1:N/}). */
  public static KubeApiProxy start(URI target) throws IOException {
    return new KubeApiProxy(target);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A kubeconfig file for {@code kubectl} that points at this proxy, context namespace set. */
  public Path writeKubeconfig(Path file, String namespace) throws IOException {
    Files.writeString(file, String.join("\n",
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
      String document = discovery.get(path.endsWith("/") && path.length() > 1
          ? path.substring(0, path.length() - 1) : path);
      if (document != null && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, document);
      } else if (path.equals("/openapi/v3") && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, OPENAPI_V3_ROOT);
      } else if (OPENAPI_V3.containsKey(path) && exchange.getRequestMethod().equals("GET")) {
        reply(exchange, 200, OPENAPI_V3.get(path));
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
    forwarded.incrementAndGet();
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? ""
            : "?" + exchange.getRequestURI().getRawQuery()));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
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
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, List.copyOf(values));
      }
    });
    boolean empty = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204;
    exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
    try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush(); // a watch: each event as it comes
      }
    }
  }

  private static void reply(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"code\": "
        + code + ", \"reason\": \"" + reason + "\", \"message\": \"" + message + "\"}";
  }

  private static String resource(String plural, String singular, String kind,
      boolean namespaced, String shortName, String category) {
    return "{\"name\": \"" + plural + "\", \"singularName\": \"" + singular
        + "\", \"namespaced\": " + namespaced + ", \"kind\": \"" + kind + "\", \"verbs\": "
        + "[\"create\", \"delete\", \"get\", \"list\", \"patch\", \"update\", \"watch\"]"
        + (shortName == null ? "" : ", \"shortNames\": [\"" + shortName + "\"]")
        + (category == null ? "" : ", \"categories\": [\"" + category + "\"]") + "}";
  }

  /** A group-version's OpenAPI v3 document: per plural and kind, a PATCH that validates. */
  private static String openApi(
      String group, String version, String prefix, String... pluralsAndKinds) {
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < pluralsAndKinds.length; i += 2) {
      paths.add("\"" + prefix + "/namespaces/{namespace}/" + pluralsAndKinds[i] + "/{name}\": "
          + "{\"patch\": {\"x-kubernetes-group-version-kind\": {\"group\": \"" + group
          + "\", \"version\": \"" + version + "\", \"kind\": \"" + pluralsAndKinds[i + 1]
          + "\"}, \"parameters\": [{\"name\": \"fieldValidation\", \"in\": \"query\", "
          + "\"schema\": {\"type\": \"string\"}}], \"responses\": {}}}");
    }
    return "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"mock\", \"version\": \""
        + version + "\"}, \"paths\": {" + String.join(", ", paths) + "}}";
  }

  private static String subresource(String name, String kind) {
    return "{\"name\": \"" + name + "\", \"singularName\": \"\", \"namespaced\": true, "
        + "\"kind\": \"" + kind + "\", \"verbs\": [\"get\", \"patch\", \"update\"]}";
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
