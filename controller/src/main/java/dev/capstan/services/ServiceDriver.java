package dev.capstan.services;

import dev.capstan.host.HostException;
import dev.capstan.remote.RemoteScript;
import java.time.Duration;
import java.util.List;

/**
 * Runs an Application's services on one host and proves what they run: the supervisord of Capstan's
 * own ({@link SupervisordDriver}) or systemd units ({@link SystemdDriver}). The release engine only
 * talks to this interface; which one a host gets is {@link ServiceDrivers#choose}.
 */
public interface ServiceDriver {

  /**
   * The calls that report every process of the services with the release and digests in its
   * environment ({@code service-process} and {@code service-pid} records), appended to the host's
   * one-round-trip observation. Parse with {@link ObservedProcesses#parse}.
   */
  RemoteScript.Fragment observation();

  /** Each planned service's state in what {@link #observation} reported. */
  List<ServiceState> conformance(ServicePlan plan, ObservedProcesses observed);

  /**
   * Installs the plan's files and makes every service run {@code plan.release()} with the least
   * disruption: a gunicorn service keeps its listening socket, so no request is refused.
   *
   * @param settle how long each process may take to come up with the new release
   * @throws ServiceException when a service does not come up; the message carries the tail of that
   *     service's own log
   */
  void roll(ServicePlan plan, Duration settle) throws HostException, ServiceException;

  /**
   * As {@link #roll(ServicePlan, Duration)}, restarting only the named services (the plan's files
   * are all installed): a drift correction or a changed config file.
   */
  void roll(ServicePlan plan, List<String> services, Duration settle)
      throws HostException, ServiceException;

  /** The last {@code lines} lines of a service's own log (stdout and stderr); empty when none. */
  String logTail(String service, int lines) throws HostException;

  /** Stops every service of this deploy path (and the supervisor of Capstan's own, if any). */
  void shutdown() throws HostException, ServiceException;
}
