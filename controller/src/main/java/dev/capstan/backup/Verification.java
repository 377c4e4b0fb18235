package dev.capstan.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What verifying a backup found, as its sidecar keeps it: restored into a scratch database and
 * checked ({@code ok}), or why not ({@code message}).
 *
 * @param at when, ISO-8601 UTC
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Verification(boolean ok, String at, String message) {}
