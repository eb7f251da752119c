package io.flowsight.rules;

import io.flowsight.rules.detection.Detection;

/**
 * A loaded single-event Sigma rule: what it says about itself, the log source it applies to, and its compiled
 * detection.
 *
 * @param source the file (or other origin) it was loaded from
 * @param line   the line its YAML document starts on
 */
public record SigmaRule(RuleMetadata metadata, LogSource logSource, Detection detection, String source, int line) {

    public String id() {
        return metadata.id();
    }

    public String title() {
        return metadata.title();
    }

    public Level level() {
        return metadata.level();
    }

    @Override
    public String toString() {
        return metadata.title() + (metadata.id() == null ? "" : " (" + metadata.id() + ")");
    }
}
