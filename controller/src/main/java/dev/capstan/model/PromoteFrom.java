package dev.capstan.model;

import java.time.Duration;

/**
 * Instead of a revision: the Environment deploys the commit {@code environment} has run Ready, on
 * every host, for at least {@code healthyFor}; a commit that failed or is vetoed there never.
 */
public record PromoteFrom(String environment, Duration healthyFor) {}
