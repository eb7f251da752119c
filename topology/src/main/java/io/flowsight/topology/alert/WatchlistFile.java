package io.flowsight.topology.alert;

import io.flowsight.schemas.WatchlistEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a watch-list file: one address or CIDR block per line, optionally followed (after a comma, a semicolon or
 * spaces) by a reason; text after {@code #} and blank lines are ignored. This reads plain IP lists, CSV exports
 * ({@code 203.0.113.7,scanner}) and Spamhaus-DROP-style lists ({@code 192.0.2.0/24 ; SBL123}) alike.
 */
public final class WatchlistFile {
    /** A line that is not an address or block, with its number and why. */
    public record Problem(int line, String message) {
    }

    /** The entries, and the lines that could not be read (none may be loaded then: the caller decides). */
    public record Contents(List<WatchlistEntry> entries, List<Problem> problems) {
    }

    private WatchlistFile() {
    }

    public static Contents read(List<String> lines, String listName, String severity, Instant addedAt) {
        List<WatchlistEntry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        AddressRanges<Boolean> validator = new AddressRanges<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            int end = 0;
            while (end < text.length() && !isSeparator(text.charAt(end))) {
                end++;
            }
            String indicator = text.substring(0, end);
            String reason = text.substring(end).replaceFirst("^[\\s,;]+", "").strip();
            try {
                validator.add(indicator, Boolean.TRUE);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(i + 1, e.getMessage()));
                continue;
            }
            entries.add(WatchlistEntry.newBuilder().setIndicator(indicator).setListName(listName)
                    .setReason(reason.isEmpty() ? null : reason).setSeverity(severity).setAddedAt(addedAt)
                    .setExpiresAt(null).build());
        }
        return new Contents(entries, problems);
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || Character.isWhitespace(c);
    }
}
