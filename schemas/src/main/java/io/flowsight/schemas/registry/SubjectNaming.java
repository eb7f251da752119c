package io.flowsight.schemas.registry;

/**
 * Confluent's default {@code TopicNameStrategy}: the subject of a topic's values is {@code <topic>-value},
 * of its keys {@code <topic>-key}.
 */
public final class SubjectNaming {
    private SubjectNaming() {
    }

    public static String subjectFor(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
