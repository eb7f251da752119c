package io.flowsight.notify.config;

import java.util.List;

/** Every mistake found in a notify configuration, one sentence each, naming the key and what to do about it. */
public final class NotifyConfigException extends RuntimeException {
    private final List<String> problems;

    NotifyConfigException(String source, List<String> problems) {
        super(source + (problems.size() == 1 ? " has a problem:" : " has " + problems.size() + " problems:")
                + "\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
