package io.flowsight.notify.service;

/**
 * Where a destination's worker starts reading the alerts topic the first time it runs (its consumer group has no
 * committed position yet); afterwards it always resumes where it committed.
 */
public enum StartPosition {
    /** From the alerts written from now on: a new destination is not flooded with past alerts. */
    LATEST,
    /** From the oldest alert the topic keeps: {@code flowsight run}, which starts before its first alert exists. */
    EARLIEST
}
