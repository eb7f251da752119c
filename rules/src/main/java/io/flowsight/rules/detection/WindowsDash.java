package io.flowsight.rules.detection;

/**
 * Sigma's {@code windash}: Windows command-line flags are written with {@code -}, {@code /}, en dash, em dash or
 * horizontal bar interchangeably. Folding all five to {@code -} in both the rule value and the event text matches
 * exactly what expanding every permutation would, without the 5^n expansion.
 */
final class WindowsDash {
    private static final String DASHES = "/\u2013\u2014\u2015";

    private WindowsDash() {
    }

    static String fold(String text) {
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); i++) {
            if (DASHES.indexOf(text.charAt(i)) >= 0) {
                if (folded == null) {
                    folded = new StringBuilder(text);
                }
                folded.setCharAt(i, '-');
            }
        }
        return folded == null ? text : folded.toString();
    }
}
