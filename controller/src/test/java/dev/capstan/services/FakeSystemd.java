package dev.capstan.services;

import dev.capstan.host.ExecResult;
import dev.capstan.host.ForwardingRemoteHost;
import dev.capstan.host.HostException;
import dev.capstan.host.LocalHost;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recording stand-ins for {@code systemctl}, {@code loginctl} and {@code journalctl}, first on the
 * PATH of the scripts {@link #host} runs: there is no systemd on the machines the tests run on. The
 * stand-in {@code systemctl} logs every call and keeps each unit's state in a folder; it starts a
 * service by running the {@code ExecStart} of its unit file in the background, as a manager would,
 * so the processes the driver observes and the releases in their environment are real.
 */
final class FakeSystemd {

  private static final String SYSTEMCTL =
      """
      #!/bin/sh
      state=$FAKE_SYSTEMD
      printf 'systemctl %s\\n' "$*" >>"$state/calls"
      [ "$1" = --user ] && shift
      verb=$1
      shift
      alive() {
        [ -n "$1" ] || return 1
        s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
        [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
      }
      pid_of() { cat "$state/$1.pid" 2>/dev/null; }
      start() {
        case $1 in *.socket) touch "$state/$1.active"; return 0 ;; esac
        alive "$(pid_of "$1")" && return 0
        file=$FAKE_UNIT_DIR/$1
        [ -f "$file" ] || { echo "Unit $1 not found." >&2; return 5; }
        cmd=$(sed -n 's/^ExecStart=//p' "$file")
        dir=$(sed -n 's/^WorkingDirectory=//p' "$file")
        # shellcheck disable=SC2086
        (cd "$dir" && exec $cmd) </dev/null >>"$state/$1.out" 2>&1 3>&- &
        echo $! >"$state/$1.pid"
      }
      stop() {
        case $1 in *.socket) rm -f "$state/$1.active"; return 0 ;; esac
        pid=$(pid_of "$1")
        rm -f "$state/$1.pid"
        alive "$pid" || return 0
        kill -TERM "$pid"
        n=0
        while alive "$pid" && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
      }
      case $verb in
      daemon-reload) ;;
      is-enabled) [ -e "$state/$2.enabled" ] ;;
      enable) touch "$state/$2.enabled" ;;
      disable) rm -f "$state/$2.enabled" ;;
      start) for u in "$@"; do start "$u" || exit; done ;;
      stop) for u in "$@"; do stop "$u"; done ;;
      restart) for u in "$@"; do stop "$u"; start "$u" || exit; done ;;
      show)
        for u in "$@"; do :; done
        pid=$(pid_of "$u")
        if alive "$pid"; then printf 'MainPID=%s\\nActiveState=active\\n' "$pid"
        else printf 'MainPID=0\\nActiveState=inactive\\n'; fi
        ;;
      *) echo "fake systemctl: $verb?" >&2; exit 1 ;;
      esac
      """;

  private static final String LOGINCTL =
      """
      #!/bin/sh
      printf 'loginctl %s\\n' "$*" >>"$FAKE_SYSTEMD/calls"
      if [ -e "$FAKE_SYSTEMD/linger" ]; then echo yes; else echo no; fi
      """;

  /** Prints what the stand-in systemctl captured of the unit's output. */
  private static final String JOURNALCTL =
      """
      #!/bin/sh
      printf 'journalctl %s\\n' "$*" >>"$FAKE_SYSTEMD/calls"
      while [ $# -gt 0 ]; do [ "$1" = -u ] && unit=$2; shift; done
      cat "$FAKE_SYSTEMD/$unit.out" 2>/dev/null
      """;

  /**
   * Stands in for {@code python -m gunicorn --workers N …}: a master whose N workers sleep, all
   * with the launcher's environment. It never binds: the socket belongs to the socket unit.
   */
  static final String GUNICORN_PYTHON =
      """
      #!/bin/sh
      workers=1
      while [ $# -gt 0 ]; do [ "$1" = --workers ] && workers=$2; shift; done
      pids=''
      trap 'kill $pids; exit 0' TERM
      i=0
      while [ $i -lt "$workers" ]; do sleep 3600 & pids="$pids $!"; i=$((i + 1)); done
      wait
      """;

  private final Path bin;
  private final Path state;
  private final Path unitDir;

  FakeSystemd(Path temp, Path unitDir) throws IOException {
    this.bin = Files.createDirectories(temp.resolve("bin"));
    this.state = Files.createDirectories(temp.resolve("systemd-state"));
    this.unitDir = unitDir;
    executable(bin.resolve("systemctl"), SYSTEMCTL);
    executable(bin.resolve("loginctl"), LOGINCTL);
    executable(bin.resolve("journalctl"), JOURNALCTL);
    executable(bin.resolve("python"), GUNICORN_PYTHON);
    linger(true);
  }

  /** The stand-in interpreter that plays gunicorn. */
  String python() {
    return bin.resolve("python").toString();
  }

  void linger(boolean on) throws IOException {
    if (on) {
      Files.writeString(state.resolve("linger"), "");
    } else {
      Files.deleteIfExists(state.resolve("linger"));
    }
  }

  /** The local host, with the stand-ins first on PATH for every script it runs. */
  RemoteHost host() {
    String preamble =
        "PATH="
            + Shell.quote(bin.toString())
            + ":$PATH FAKE_SYSTEMD="
            + Shell.quote(state.toString())
            + " FAKE_UNIT_DIR="
            + Shell.quote(unitDir.toString())
            + "\nexport PATH FAKE_SYSTEMD FAKE_UNIT_DIR\n";
    return new ForwardingRemoteHost(new LocalHost()) {
      @Override
      public ExecResult exec(String script, InputStream stdin, Duration timeout)
          throws HostException {
        return super.exec(preamble + script, stdin, timeout);
      }
    };
  }

  /** Every call since the last {@link #clear}, but the observations' {@code show}s. */
  List<String> calls() throws IOException {
    Path calls = state.resolve("calls");
    if (!Files.exists(calls)) {
      return List.of();
    }
    return Files.readAllLines(calls).stream().filter(l -> !l.contains(" show ")).toList();
  }

  void clear() throws IOException {
    Files.deleteIfExists(state.resolve("calls"));
  }

  /** Kills what the stand-in started and a test left running. */
  void killAll() throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(
                p -> {
                  p.descendants().forEach(ProcessHandle::destroyForcibly);
                  p.destroyForcibly();
                });
      }
    }
  }

  private static void executable(Path path, String content) throws IOException {
    Files.writeString(path, content);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
