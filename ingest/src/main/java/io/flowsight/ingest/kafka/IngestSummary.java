package io.flowsight.ingest.kafka;

/**
 * What one ingest run did.
 *
 * @param files           files read (in whole or from their stored position)
 * @param filesAlreadyDone files skipped because their stored position says they are complete
 * @param records         records produced to the raw topics
 * @param deadLetters     lines or events produced to the dead-letter topic
 * @param skipped         CloudWatch control messages and CloudTrail digest files, recognised and skipped
 */
public record IngestSummary(long files, long filesAlreadyDone, long records, long deadLetters, long skipped) {
}
