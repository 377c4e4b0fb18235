package dev.capstan.upgrade;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.HostSpec;
import dev.capstan.model.PythonSpec;
import dev.capstan.release.HostServices;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.remote.StepResult;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Tries upgraded requirements on a host as a release would get them, without being one: the
 * commit's tree in a scratch folder {@code <deployPath>/upkeep/<time>-<random>} (outside {@code
 * releases/}, so no prune, rollback or observation sees it), the upgraded requirements file written
 * over the tree's, a virtualenv of its own made by the app's interpreter, {@code pip install -r}
 * with the app's env (so {@code PIP_INDEX_URL} and the like reach pip), then each {@code
 * upkeep.test} command as a step of its own. One round trip, then a second that removes the folder
 * whatever became of the first.
 */
public final class ScratchTrial {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(2);

  /**
   * How the trial went.
   *
   * @param scratch the folder it used, relative to the deploy path
   * @param ran the steps that ran, in order, each with its exit status
   * @param failure the step that failed (with its own output), or null when all passed
   * @param removed null when the scratch folder is gone, else why it could not be removed
   */
  public record Result(String scratch, List<StepResult> ran, StepResult failure, String removed) {

    public Result {
      ran = List.copyOf(ran);
    }

    /** Whether every step passed. */
    public boolean passed() {
      return failure == null;
    }
  }

  private final RemoteHost host;
  private final ApplicationSpec app;
  private final HostSpec hostSpec;
  private final String environment;
  private final Duration timeout;
  private final Clock clock;

  public ScratchTrial(
      RemoteHost host,
      ApplicationSpec app,
      HostSpec hostSpec,
      String environment,
      Duration timeout,
      Clock clock) {
    this.host = host;
    this.app = app;
    this.hostSpec = hostSpec;
    this.environment = environment;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Runs the trial of {@code requirements} (the upgraded file's text) in {@code treeArchiveGz} (the
   * commit's tree, as a build gets it), then removes the scratch folder.
   */
  public Result run(byte[] treeArchiveGz, String requirements, List<String> tests)
      throws HostException {
    ReleaseLayout layout = new ReleaseLayout(app.deployPath());
    String scratch = scratchName();
    String dir = layout.deployPath() + "/" + scratch;
    PythonSpec python = app.python();
    HostServices services = HostServices.of(app, hostSpec);
    RemoteScript script = RemoteScript.create();
    script.builtin(
        "prepare",
        "upload the tree into " + scratch + " and write " + python.requirements(),
        List.of(
            "capstan_upgrade_prepare",
            layout.deployPath(),
            scratch,
            python.requirements(),
            requirements));
    script
        .enter(dir, environment, host.name(), layout.deployPath(), layout.pipCacheDir(), dir)
        .environment(services.stepEnvFiles(), services.stepEnv());
    script.builtin(
        "virtualenv",
        python.interpreter()
            + " -m venv"
            + (python.systemSitePackages() ? " --system-site-packages" : "")
            + " venv",
        List.of(
            "capstan_virtualenv_private",
            python.interpreter(),
            python.systemSitePackages() ? "1" : "0"));
    script.builtin(
        "requirements",
        "venv/bin/python -m pip install -r " + python.requirements(),
        List.of("capstan_virtualenv_install", "venv", python.requirements()));
    for (int i = 0; i < tests.size(); i++) {
      script.step("test[" + i + "]", tests.get(i));
    }
    ScriptOutput output;
    try {
      output = script.run(host, new ByteArrayInputStream(treeArchiveGz), timeout);
    } catch (HostException e) {
      remove(layout, scratch); // the folder may exist: it goes whatever happened
      throw e;
    }
    String removed = remove(layout, scratch);
    List<StepResult> ran = output.steps().stream().filter(st -> st.exitStatus() != null).toList();
    return new Result(scratch, ran, output.failure().orElse(null), removed);
  }

  /** Removes the scratch folder: null when it is gone. */
  private String remove(ReleaseLayout layout, String scratch) {
    try {
      ScriptOutput removal =
          RemoteScript.create()
              .call("capstan_upgrade_remove", layout.deployPath(), scratch)
              .run(host, CLEANUP_TIMEOUT);
      return removal.succeeded() ? null : "exit status " + removal.exitStatus();
    } catch (HostException e) {
      return e.getMessage();
    }
  }

  private String scratchName() {
    byte[] bytes = new byte[3];
    RANDOM.nextBytes(bytes);
    return "upkeep/" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(bytes);
  }
}
