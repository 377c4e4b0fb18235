package dev.capstan.reconcile;

import java.time.Instant;

/**
 * One host in an Environment's recorded status.
 *
 * @param lastError the last failure on this host, kept until it converges again
 * @param lastDrift when drift was last corrected here, null when never
 * @param lastDriftReason what was corrected then
 * @param driftCorrections how many corrections this controller made here
 */
public record HostStatus(
    String host,
    String release,
    String commit,
    String state,
    String message,
    String lastError,
    Instant lastDrift,
    String lastDriftReason,
    int driftCorrections) {}
