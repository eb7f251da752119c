package io.flowsight.ingest.kafka;

import java.time.Instant;
import java.util.Optional;

/**
 * What one ingest run did.
 *
 * @param files           files read (in whole or from their stored position)
 * @param filesAlreadyDone files skipped because their stored position says they are complete
 * @param records         records produced to the raw topics
 * @param deadLetters     lines or events produced to the dead-letter topic
 * @param skipped         CloudWatch control messages and CloudTrail digest files, recognised and skipped
 * @param latestEventTime the latest event time among the records this run produced (the watermark a finite
 *                        input reaches), empty when it produced none
 */
public record IngestSummary(long files, long filesAlreadyDone, long records, long deadLetters, long skipped,
                            Optional<Instant> latestEventTime) {
}
