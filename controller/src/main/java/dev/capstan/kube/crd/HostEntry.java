package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capstan.reconcile.HostState;
import io.fabric8.generator.annotation.Required;

/** One host in an Environment's status: reconcile's {@code HostStatus}, times in RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostEntry(
    @Required String host,
    String release,
    String commit,
    @Required HostState state,
    String message,
    String lastError,
    String lastDrift,
    String lastDriftReason,
    Integer driftCorrections) {}
