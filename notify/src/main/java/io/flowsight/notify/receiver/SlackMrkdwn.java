package io.flowsight.notify.receiver;

/**
 * Slack's mrkdwn escaping of untrusted text. Summaries and evidence come from log fields an attacker can shape; Slack
 * reads {@code <...>} as a link, a user or a {@code <!channel>} broadcast, so those three characters become HTML
 * entities (the only escaping Slack defines) and such text shows literally.
 */
final class SlackMrkdwn {
    private SlackMrkdwn() {
    }

    static String escape(String text) {
        // & first, or the & of the entities made for < and > would be escaped again.
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
