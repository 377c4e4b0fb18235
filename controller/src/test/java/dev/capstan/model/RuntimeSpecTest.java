package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Services fields of DESIGN.md, read from {@code valid/services-example.yaml}. */
class RuntimeSpecTest {

  @Test
  void readsEnvServicesAndConfigFiles() throws Exception {
    DesiredState state =
        DesiredStateLoader.load(DesiredStateLoaderTest.resource("valid/services-example.yaml"));
    RuntimeSpec runtime = state.applications().get("broken-brackets").spec().runtime();

    assertEquals(
        Map.of(
            "DJANGO_SETTINGS_MODULE", "broken_brackets.settings", "DEBUG", "false", "WORKERS", "3"),
        runtime.env());
    assertEquals(
        List.of("DJANGO_SETTINGS_MODULE", "DEBUG", "WORKERS"),
        List.copyOf(runtime.env().keySet()),
        "env keeps the order written");
    assertEquals(List.of(".env"), runtime.envFiles());
    assertEquals(
        List.of(new ConfigFileSpec(".env", SecretSource.ofFile("secrets/production.env"))),
        runtime.configFiles());
    assertEquals(Supervisor.SUPERVISORD, runtime.supervisor());
    assertEquals(List.of("sh deploy/drain.sh"), runtime.beforeSwitch());
    assertEquals(
        List.of("web", "worker", "clock"),
        runtime.services().stream().map(ServiceSpec::name).toList());

    ServiceSpec web = runtime.service("web").orElseThrow();
    assertEquals(
        new ServiceSpec.Gunicorn(
            "broken_brackets.wsgi:application", "127.0.0.1", 8000, 2, List.of()),
        web.program());
    assertEquals(Duration.ofSeconds(20), web.stopTimeout());
    assertTrue(web.runsOn(List.of()), "no roles: every host");

    ServiceSpec worker = runtime.service("worker").orElseThrow();
    assertEquals(
        new ServiceSpec.Celery("broken_brackets", List.of("worker", "--loglevel=INFO")),
        worker.program());
    assertEquals(Map.of("C_FORCE_ROOT", "1"), worker.env());
    assertEquals(ServiceSpec.DEFAULT_STOP_TIMEOUT, worker.stopTimeout());
    assertTrue(worker.runsOn(List.of("worker")));
    assertFalse(worker.runsOn(List.of("web", "migrate")));
    assertEquals(
        new ServiceSpec.Command("venv/bin/python manage.py runclock"),
        runtime.service("clock").orElseThrow().program());
  }

  @Test
  void readsHostsInBothForms() throws Exception {
    DesiredState state =
        DesiredStateLoader.load(DesiredStateLoaderTest.resource("valid/services-example.yaml"));
    EnvironmentSpec env = state.environments().get("broken-brackets-production").spec();

    assertEquals(
        List.of(
            HostAddress.parse("deploy@web1.example.com"),
            HostAddress.parse("deploy@jobs1.example.com"),
            HostAddress.parse("deploy@web2.example.com:2222")),
        env.hosts());
    HostSpec web1 = env.hostSpec(env.hosts().get(0));
    assertEquals(List.of("web", "migrate"), web1.roles());
    assertEquals(Map.of("PORT", "8000"), web1.env());
    assertEquals(List.of("worker"), env.hostSpecs().get(1).roles());
    assertEquals(HostSpec.of(env.hosts().get(2)), env.hostSpecs().get(2));
  }

  @Test
  void anApplicationWithoutTheFieldsHasNone() throws Exception {
    DesiredState state =
        DesiredStateLoader.load(DesiredStateLoaderTest.resource("valid/design-example.yaml"));
    for (Application app : state.applications().values()) {
      assertEquals(RuntimeSpec.NONE, app.spec().runtime());
    }
    for (Environment environment : state.environments().values()) {
      assertTrue(environment.spec().hostSpecs().stream().allMatch(h -> h.roles().isEmpty()));
    }
  }
}
