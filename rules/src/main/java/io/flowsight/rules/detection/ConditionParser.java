package io.flowsight.rules.detection;

import io.flowsight.rules.yaml.RuleSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Sigma condition with the specification's precedence, least binding first: {@code or}, {@code and},
 * {@code not}, {@code 1 of}/{@code all of}, parentheses. Every selection it names must exist; a pattern
 * ({@code filter_*}) must name at least one; {@code them} means every selection not starting with {@code _}.
 * The deprecated aggregation syntax ({@code | count() > 5}, {@code near}) is refused in favour of correlation rules.
 */
public final class ConditionParser {
    private final List<String> selectionNames;
    private final int line;
    private final String text;
    private List<String> tokens;
    private int position;

    private ConditionParser(List<String> selectionNames, int line, String text) {
        this.selectionNames = selectionNames;
        this.line = line;
        this.text = text;
    }

    /**
     * @param condition      the condition as written
     * @param selectionNames the detection's search identifiers, in order (their index is what {@link Condition.Ref} holds)
     * @param line           the condition's line, for refusals
     */
    public static Condition parse(String condition, List<String> selectionNames, int line) throws RuleSyntaxException {
        return new ConditionParser(selectionNames, line, condition).parseWhole();
    }

    private Condition parseWhole() throws RuleSyntaxException {
        if (text.indexOf('|') >= 0) {
            throw refuse("uses the deprecated aggregation syntax ('|'); express counting as a Sigma correlation rule");
        }
        tokens = tokenize(text);
        if (tokens.isEmpty()) {
            throw refuse("is empty; name the selections that must match, e.g. 'selection and not filter'");
        }
        position = 0;
        Condition condition = parseOr();
        if (position < tokens.size()) {
            throw refuse("has '" + tokens.get(position) + "' where 'and', 'or' or the end was expected");
        }
        return condition;
    }

    private Condition parseOr() throws RuleSyntaxException {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseAnd());
        while (accept("or")) {
            operands.add(parseAnd());
        }
        return operands.size() == 1 ? operands.get(0) : new Condition.AnyOf(operands);
    }

    private Condition parseAnd() throws RuleSyntaxException {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseNot());
        while (accept("and")) {
            operands.add(parseNot());
        }
        return operands.size() == 1 ? operands.get(0) : new Condition.AllOf(operands);
    }

    private Condition parseNot() throws RuleSyntaxException {
        if (accept("not")) {
            return new Condition.Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() throws RuleSyntaxException {
        if (position >= tokens.size()) {
            throw refuse("ends where a selection name, 'not', '(' or '1 of' was expected");
        }
        String token = tokens.get(position++);
        if (token.equals("(")) {
            Condition inner = parseOr();
            if (!accept(")")) {
                throw refuse("has a '(' that is never closed");
            }
            return inner;
        }
        String word = token.toLowerCase(Locale.ROOT);
        if (word.equals("1") || word.equals("all") || word.equals("any")) {
            if (!accept("of")) {
                throw refuse("has '" + token + "' not followed by 'of'");
            }
            if (word.equals("any")) {
                throw refuse("says 'any of', which Sigma does not define; write '1 of'");
            }
            return quantified(word.equals("all"));
        }
        if (isKeyword(word) || token.equals(")")) {
            throw refuse("has '" + token + "' where a selection name was expected");
        }
        if (token.indexOf('*') >= 0) {
            throw refuse("names the pattern '" + token + "' on its own; write '1 of " + token + "' or 'all of " + token + "'");
        }
        int index = selectionNames.indexOf(token);
        if (index < 0) {
            throw refuse("names '" + token + "', which is not a selection of this detection (it has "
                    + String.join(", ", selectionNames) + ")");
        }
        return new Condition.Ref(token, index);
    }

    private Condition quantified(boolean all) throws RuleSyntaxException {
        if (position >= tokens.size()) {
            throw refuse("ends after 'of'; name a selection pattern such as 'selection_*' or 'them'");
        }
        String pattern = tokens.get(position++);
        List<Condition> refs = new ArrayList<>();
        boolean them = pattern.equalsIgnoreCase("them");
        for (int i = 0; i < selectionNames.size(); i++) {
            String name = selectionNames.get(i);
            if (them ? !name.startsWith("_") : WildcardPattern.parse(pattern).matches(name.toLowerCase(Locale.ROOT))) {
                refs.add(new Condition.Ref(name, i));
            }
        }
        if (refs.isEmpty()) {
            throw refuse("says 'of " + pattern + "', which names no selection of this detection (it has "
                    + String.join(", ", selectionNames) + ")");
        }
        if (refs.size() == 1) {
            return refs.get(0);
        }
        return all ? new Condition.AllOf(refs) : new Condition.AnyOf(refs);
    }

    private boolean accept(String expected) {
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(expected)) {
            position++;
            return true;
        }
        return false;
    }

    private static boolean isKeyword(String word) {
        return word.equals("and") || word.equals("or") || word.equals("not") || word.equals("of") || word.equals("them");
    }

    private static List<String> tokenize(String condition) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < condition.length(); i++) {
            char c = condition.charAt(i);
            if (c == '(' || c == ')' || Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private RuleSyntaxException refuse(String what) {
        return new RuleSyntaxException(line, "The condition '" + text + "' " + what + ".");
    }
}
