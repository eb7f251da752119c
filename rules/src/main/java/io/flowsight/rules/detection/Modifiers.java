package io.flowsight.rules.detection;

import io.flowsight.rules.yaml.RuleSyntaxException;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The value modifiers of one detection key ({@code field|base64offset|contains|all}), checked for combinations
 * that make sense. Modifiers of the specification FlowSight does not evaluate are refused by name, so a rule is
 * never loaded with part of its meaning dropped.
 */
public record Modifiers(Set<Modifier> set) {

    public enum Modifier {
        CONTAINS, STARTSWITH, ENDSWITH, ALL, RE, I, M, S, CIDR, EXISTS, BASE64, BASE64OFFSET, WINDASH, GT, GTE, LT, LTE,
        FIELDREF
    }

    /** Modifiers of the Sigma specification that FlowSight does not evaluate, and why. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("cased", "case-sensitive matching is not implemented"),
            Map.entry("neq", "negated comparison is not implemented (use 'not' in the condition)"),
            Map.entry("expand", "placeholders need values FlowSight has no configuration for"),
            Map.entry("utf16", "UTF-16 encodings matter for Windows logs, not for CloudTrail or ALB text"),
            Map.entry("utf16le", "UTF-16 encodings matter for Windows logs, not for CloudTrail or ALB text"),
            Map.entry("utf16be", "UTF-16 encodings matter for Windows logs, not for CloudTrail or ALB text"),
            Map.entry("wide", "UTF-16 encodings matter for Windows logs, not for CloudTrail or ALB text"),
            Map.entry("minute", "time-part modifiers are not implemented"),
            Map.entry("hour", "time-part modifiers are not implemented"),
            Map.entry("day", "time-part modifiers are not implemented"),
            Map.entry("week", "time-part modifiers are not implemented"),
            Map.entry("month", "time-part modifiers are not implemented"),
            Map.entry("year", "time-part modifiers are not implemented"));

    private static final Set<Modifier> POSITIONS = EnumSet.of(Modifier.CONTAINS, Modifier.STARTSWITH, Modifier.ENDSWITH);
    private static final Set<Modifier> ENCODINGS = EnumSet.of(Modifier.BASE64, Modifier.BASE64OFFSET);
    private static final Set<Modifier> COMPARISONS = EnumSet.of(Modifier.GT, Modifier.GTE, Modifier.LT, Modifier.LTE);
    private static final Set<Modifier> REGEX_FLAGS = EnumSet.of(Modifier.I, Modifier.M, Modifier.S);

    /**
     * @param key  the whole detection key, for messages
     * @param names the modifier names after the field, in order
     */
    public static Modifiers parse(String key, List<String> names, int line) throws RuleSyntaxException {
        Set<Modifier> set = EnumSet.noneOf(Modifier.class);
        Modifier positionSeen = null;
        for (String written : names) {
            String name = written.toLowerCase(Locale.ROOT);
            if (UNSUPPORTED.containsKey(name)) {
                throw new RuleSyntaxException(line, "The modifier '" + name + "' in '" + key + "' is not supported by"
                        + " FlowSight (" + UNSUPPORTED.get(name) + "); remove it or the rule.");
            }
            Modifier modifier;
            try {
                modifier = Modifier.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuleSyntaxException(line, "'" + written + "' in '" + key + "' is not a Sigma value modifier;"
                        + " check its spelling against the specification's modifier list.");
            }
            if (!set.add(modifier)) {
                throw new RuleSyntaxException(line, "The modifier '" + name + "' is written twice in '" + key + "'.");
            }
            if (POSITIONS.contains(modifier)) {
                positionSeen = modifier;
            }
            if (ENCODINGS.contains(modifier) && positionSeen != null) {
                throw new RuleSyntaxException(line, "In '" + key + "', '" + name + "' comes after '"
                        + positionSeen.name().toLowerCase(Locale.ROOT) + "'; encode first, e.g. 'field|" + name + "|"
                        + positionSeen.name().toLowerCase(Locale.ROOT) + "'.");
            }
        }
        Modifiers modifiers = new Modifiers(set);
        modifiers.checkCombination(key, line);
        return modifiers;
    }

    private void checkCombination(String key, int line) throws RuleSyntaxException {
        if (count(POSITIONS) > 1) {
            throw refuse(key, line, "combines two of contains, startswith and endswith; keep one (or use wildcards)");
        }
        if (count(ENCODINGS) > 1) {
            throw refuse(key, line, "combines base64 and base64offset; keep one");
        }
        if (count(REGEX_FLAGS) > 0 && !has(Modifier.RE)) {
            throw refuse(key, line, "uses the regular-expression flags i, m or s without 're'");
        }
        if (has(Modifier.RE) && !only(EnumSet.of(Modifier.RE, Modifier.ALL, Modifier.I, Modifier.M, Modifier.S))) {
            throw refuse(key, line, "combines 're' with modifiers other than i, m, s and all; put the whole test in the expression");
        }
        if (has(Modifier.CIDR) && !only(EnumSet.of(Modifier.CIDR, Modifier.ALL))) {
            throw refuse(key, line, "combines 'cidr' with modifiers other than all");
        }
        if (has(Modifier.FIELDREF) && !only(EnumSet.of(Modifier.FIELDREF, Modifier.CONTAINS, Modifier.STARTSWITH,
                Modifier.ENDSWITH))) {
            throw refuse(key, line, "combines 'fieldref' with modifiers other than contains, startswith and endswith");
        }
        if (has(Modifier.EXISTS) && set.size() > 1) {
            throw refuse(key, line, "combines 'exists' with other modifiers; 'exists' takes only true or false");
        }
        if (count(COMPARISONS) > 1 || count(COMPARISONS) == 1 && !only(EnumSet.of(Modifier.GT, Modifier.GTE,
                Modifier.LT, Modifier.LTE, Modifier.ALL))) {
            throw refuse(key, line, "combines a numeric comparison with other modifiers; write one of gt, gte, lt, lte alone");
        }
    }

    private static RuleSyntaxException refuse(String key, int line, String what) {
        return new RuleSyntaxException(line, "'" + key + "' " + what + ".");
    }

    public boolean has(Modifier modifier) {
        return set.contains(modifier);
    }

    private int count(Set<Modifier> family) {
        int count = 0;
        for (Modifier modifier : family) {
            if (set.contains(modifier)) {
                count++;
            }
        }
        return count;
    }

    private boolean only(Set<Modifier> allowed) {
        return allowed.containsAll(set);
    }

    /** The comparison modifier, if any. */
    public NumericPredicate.Comparison comparison() {
        for (Modifier modifier : COMPARISONS) {
            if (set.contains(modifier)) {
                return NumericPredicate.Comparison.valueOf(modifier.name());
            }
        }
        return null;
    }
}
