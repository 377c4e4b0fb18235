package dev.capstan.release;

/**
 * The lease on a host's deploy path, as observed.
 *
 * @param holder who holds it (a one-shot deployer: see {@link LockHolder})
 * @param expiresEpochSecond when it lapses unless renewed, in the host's clock
 */
public record LockInfo(String holder, long expiresEpochSecond) {}
