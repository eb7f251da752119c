package io.flowsight.rules.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Sigma string value with its wildcards ({@code *} any run of characters, {@code ?} exactly one), matched
 * case-insensitively against lower-case text. Matching never backtracks: the value is split at its {@code *}s and
 * each piece is placed at its leftmost possible position, which is enough for patterns of only {@code *} and
 * {@code ?}, so a long hostile field costs at most its length times the pattern's.
 *
 * <p>Escaping follows the specification: a backslash makes the {@code *}, {@code ?} or backslash after it
 * plain; a backslash before anything else is itself plain ({@code C:\Windows} needs no doubling).
 */
public final class WildcardPattern {
    /** The lower-case literal pieces between stars; in each piece, {@code ?} positions are marked in {@link #anyChar}. */
    private final List<String> pieces;
    private final List<boolean[]> anyChar;
    private final boolean leadingStar;
    private final boolean trailingStar;
    private final String written;

    private WildcardPattern(List<String> pieces, List<boolean[]> anyChar, boolean leadingStar, boolean trailingStar,
                            String written) {
        this.pieces = pieces;
        this.anyChar = anyChar;
        this.leadingStar = leadingStar;
        this.trailingStar = trailingStar;
        this.written = written;
    }

    /** A value as a rule writes it, wildcards and escapes interpreted. */
    public static WildcardPattern parse(String value) {
        return build(value, true);
    }

    /** A value with no wildcards at all (the output of base64 encoding, say). */
    public static WildcardPattern literal(String value) {
        return build(value, false);
    }

    private static WildcardPattern build(String value, boolean wildcards) {
        List<String> pieces = new ArrayList<>();
        List<boolean[]> anyChar = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        List<Boolean> marks = new ArrayList<>();
        boolean leadingStar = false;
        boolean trailingStar = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (wildcards && c == '\\' && i + 1 < value.length() && isSpecial(value.charAt(i + 1))) {
                i++;
                appendPlain(piece, marks, value.charAt(i));
            } else if (wildcards && c == '*') {
                if (piece.length() == 0 && pieces.isEmpty()) {
                    leadingStar = true;
                } else if (piece.length() > 0) {
                    pieces.add(piece.toString());
                    anyChar.add(toArray(marks));
                    piece.setLength(0);
                    marks.clear();
                }
                trailingStar = true;
                continue;
            } else if (wildcards && c == '?') {
                piece.append('?');
                marks.add(true);
            } else {
                appendPlain(piece, marks, c);
            }
            trailingStar = false;
        }
        if (piece.length() > 0 || pieces.isEmpty()) {
            pieces.add(piece.toString());
            anyChar.add(toArray(marks));
        }
        return new WildcardPattern(pieces, anyChar, leadingStar, trailingStar, value);
    }

    private static boolean isSpecial(char c) {
        return c == '*' || c == '?' || c == '\\';
    }

    private static void appendPlain(StringBuilder piece, List<Boolean> marks, char c) {
        String lower = String.valueOf(c).toLowerCase(Locale.ROOT);
        piece.append(lower);
        for (int i = 0; i < lower.length(); i++) {
            marks.add(false);
        }
    }

    private static boolean[] toArray(List<Boolean> marks) {
        boolean[] array = new boolean[marks.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = marks.get(i);
        }
        return array;
    }

    /** The same value with a {@code *} added in front and/or behind ({@code contains}, {@code endswith}, {@code startswith}). */
    public WildcardPattern anchored(boolean starInFront, boolean starBehind) {
        return new WildcardPattern(pieces, anyChar, leadingStar || starInFront, trailingStar || starBehind,
                (starInFront ? "*" : "") + written + (starBehind ? "*" : ""));
    }

    /** The lower-case text this pattern equals when it has no wildcard at all (what the rule index can key on). */
    public Optional<String> exactText() {
        if (leadingStar || trailingStar || pieces.size() != 1) {
            return Optional.empty();
        }
        for (boolean any : anyChar.get(0)) {
            if (any) {
                return Optional.empty();
            }
        }
        return Optional.of(pieces.get(0));
    }

    /** Whether lower-case {@code text} matches. */
    public boolean matches(String text) {
        int last = pieces.size() - 1;
        int position = 0;
        for (int p = 0; p <= last; p++) {
            String piece = pieces.get(p);
            boolean[] any = anyChar.get(p);
            boolean anchoredAtStart = p == 0 && !leadingStar;
            boolean anchoredAtEnd = p == last && !trailingStar;
            if (anchoredAtStart && anchoredAtEnd) {
                return text.length() == piece.length() && regionMatches(text, 0, piece, any);
            }
            if (anchoredAtStart) {
                if (!regionMatches(text, 0, piece, any)) {
                    return false;
                }
                position = piece.length();
            } else if (anchoredAtEnd) {
                int start = text.length() - piece.length();
                return start >= position && regionMatches(text, start, piece, any);
            } else {
                int found = find(text, position, piece, any);
                if (found < 0) {
                    return false;
                }
                position = found + piece.length();
            }
        }
        return true;
    }

    private static int find(String text, int from, String piece, boolean[] any) {
        if (!containsAny(any)) {
            return text.indexOf(piece, from);
        }
        for (int start = from; start + piece.length() <= text.length(); start++) {
            if (regionMatches(text, start, piece, any)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean regionMatches(String text, int start, String piece, boolean[] any) {
        if (start < 0 || start + piece.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < piece.length(); i++) {
            if (!any[i] && text.charAt(start + i) != piece.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAny(boolean[] any) {
        for (boolean b : any) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return written;
    }
}
