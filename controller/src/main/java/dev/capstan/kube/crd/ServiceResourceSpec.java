package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;

/**
 * One entry of an Application's {@code services}, in the shape of the YAML document: exactly one of
 * {@code gunicorn}, {@code celery} or {@code command} (the loader says so when not).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceResourceSpec(
    @JsonPropertyDescription("Serve a WSGI app with gunicorn; or set celery or command.")
        Gunicorn gunicorn,
    @JsonPropertyDescription(
            "Run a Celery worker (celery -A app args); or set gunicorn or command.")
        Celery celery,
    @JsonPropertyDescription(
            "Any other process: a command line run by /bin/sh in the live release; or set"
                + " gunicorn or celery.")
        String command,
    @JsonPropertyDescription("Environment variables for this service only, added to the app's.")
        Map<String, String> env,
    @JsonPropertyDescription(
            "How long a stop waits after TERM before KILL: 30s, 5m or seconds (default 30s).")
        IntOrString stopTimeout,
    @JsonPropertyDescription(
            "Run only on hosts that have one of these roles (default: on every host).")
        List<String> roles) {

  /** The gunicorn preset. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Gunicorn(
      @Required
          @JsonPropertyDescription("The WSGI app, module:attribute, like project.wsgi:application.")
          String app,
      @Required
          @JsonPropertyDescription("HOST:PORT to listen on, like 127.0.0.1:8000 or [::1]:8000.")
          String bind,
      @Min(1) @JsonPropertyDescription("Worker processes (default 2).") Integer workers,
      @JsonPropertyDescription("More gunicorn arguments, each one word.") List<String> args) {}

  /** The celery preset. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Celery(
      @Required @JsonPropertyDescription("The Celery app module, given to celery -A.") String app,
      @JsonPropertyDescription("The arguments after celery -A app (default [worker]).")
          List<String> args) {}
}
