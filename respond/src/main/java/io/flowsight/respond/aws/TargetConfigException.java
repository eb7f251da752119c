package io.flowsight.respond.aws;

import java.util.List;

/** A target's configuration has mistakes: one sentence each, naming the setting, the bad value and the fix. */
public final class TargetConfigException extends IllegalArgumentException {
    private final List<String> problems;

    TargetConfigException(List<String> problems) {
        super(String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
