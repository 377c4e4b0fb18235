package dev.capstan.reconcile;

import java.time.Instant;

/**
 * Why an Environment's new revision waits: a deploy window that is closed, or a promotion that is
 * not due. Its hosts keep (and drift correction keeps them on) the release they run.
 *
 * @param pendingRevision what would roll out once the hold ends
 * @param pendingCommit its commit, null when not known
 * @param blockedBy the window ({@code deny "0 9 * * 1-5" for 8h Europe/Berlin}) or the promotion
 *     note
 * @param nextOpenAt when it may roll out, null when not known
 */
public record RolloutHold(
    String pendingRevision, String pendingCommit, String blockedBy, Instant nextOpenAt) {}
