package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.reconcile.HostState;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One host in an Environment's status: reconcile's {@code HostStatus}, times in RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostEntry(
    @Required @JsonPropertyDescription("The host as the spec names it.") String host,
    @JsonPropertyDescription("The live release, <UTC yyyyMMddHHmmss>-<short commit>.")
        String release,
    @JsonPropertyDescription("The live release's full commit id.") String commit,
    @Required @JsonPropertyDescription("Where the host stands, like Ready or Failed.")
        HostState state,
    @JsonPropertyDescription(
            "Why, in one CamelCase word (the same reasons as the conditions), like Converged,"
                + " RolledBack or HostKeyRefused.")
        String reason,
    @JsonPropertyDescription("Why it is not Ready, or what was done.") String message,
    @JsonPropertyDescription("The desired commit when its release failed on this host.")
        String failedCommit,
    @JsonPropertyDescription("The last failure on this host, kept until it converges again.")
        String lastError,
    @JsonPropertyDescription("When drift was last corrected here, RFC 3339.") String lastDrift,
    @JsonPropertyDescription("What was corrected then.") String lastDriftReason,
    @JsonPropertyDescription("How many drift corrections this controller made here.")
        Integer driftCorrections,
    @JsonPropertyDescription(
            "Each service this host runs, as last observed: name, state, release and pids.")
        List<ServiceEntry> services) {}
