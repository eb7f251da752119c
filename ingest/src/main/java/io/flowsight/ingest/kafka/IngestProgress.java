package io.flowsight.ingest.kafka;

/**
 * Where ingest reports how it is getting on: a progress bar on a terminal, a periodic log line otherwise. Called
 * from the sending thread after every batch, so implementations decide themselves how often to show anything.
 */
@FunctionalInterface
public interface IngestProgress {

    /**
     * @param sourceName  the source being read
     * @param sourcesDone sources finished so far in this run
     * @param sourcesTotal sources this run will read (0 when following: unknown)
     * @param records     records produced so far
     * @param deadLetters dead letters produced so far
     */
    void update(String sourceName, long sourcesDone, long sourcesTotal, long records, long deadLetters);

    IngestProgress NONE = (sourceName, sourcesDone, sourcesTotal, records, deadLetters) -> {
    };
}
