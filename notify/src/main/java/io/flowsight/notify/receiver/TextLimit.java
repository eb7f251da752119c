package io.flowsight.notify.receiver;

/**
 * Shortens text to a receiver's field limit (PagerDuty's 1024-character summary, Slack's 150-character header),
 * ending with an ellipsis so a reader sees it was cut, and never splitting a character in two.
 */
final class TextLimit {
    private TextLimit() {
    }

    static String shorten(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
