package io.flowsight.ingest.vpc;

import java.util.ArrayList;
import java.util.List;

/** Splits flow-log text into values: fields are separated by spaces, and AWS's own examples show runs of them. */
final class VpcFlowLogLine {
    private VpcFlowLogLine() {
    }

    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>(32);
        int length = line.length();
        int i = 0;
        while (i < length) {
            while (i < length && isSeparator(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(line.substring(start, i));
            }
        }
        return tokens;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
