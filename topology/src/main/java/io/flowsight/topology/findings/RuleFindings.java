package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatch;
import io.flowsight.rules.RuleMetadata;
import io.flowsight.rules.SigmaRule;
import io.flowsight.schemas.Finding;

import java.util.Locale;

/** A rule's match on an event as a {@link Finding}: the event's fields, then what the rule says about itself. */
public final class RuleFindings {
    private RuleFindings() {
    }

    /** {@code event} as {@link FindingSource#describe} made it, with the matched rule's fields added. */
    public static Finding of(Finding.Builder event, RuleMatch match) {
        SigmaRule rule = match.rule();
        RuleMetadata metadata = rule.metadata();
        String ruleId = ruleId(rule);
        return Finding.newBuilder(event)
                .setFindingId(ruleId + "|" + event.getEventId())
                .setRuleId(ruleId)
                .setRuleTitle(metadata.title())
                .setRuleLevel(metadata.level() == null ? null : metadata.level().name().toLowerCase(Locale.ROOT))
                .setRuleAuthor(metadata.author())
                .setRuleTags(metadata.tags())
                .setRuleReferences(metadata.references())
                .setMatchedSelections(match.matchedSelections())
                .build();
    }

    /** The rule's id; Sigma makes it optional, so a rule without one goes by its name, else its title. */
    public static String ruleId(SigmaRule rule) {
        if (rule.id() != null) {
            return rule.id();
        }
        return rule.metadata().name() != null ? rule.metadata().name() : rule.title();
    }
}
