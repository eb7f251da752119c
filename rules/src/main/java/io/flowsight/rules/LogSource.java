package io.flowsight.rules;

import io.flowsight.rules.yaml.RuleSyntaxException;
import io.flowsight.rules.yaml.YamlNode;

import java.util.ArrayList;
import java.util.List;

/** A rule's {@code logsource} as written, and the FlowSight source it selects. */
public record LogSource(String product, String service, String category, SigmaLogSource source) {

    static LogSource read(YamlNode.Mapping document) throws RuleSyntaxException {
        YamlNode node = document.get("logsource");
        if (!(node instanceof YamlNode.Mapping logsource)) {
            throw new RuleSyntaxException(node == null ? document.line() : node.line(), "The rule has no 'logsource'"
                    + " mapping; FlowSight reads 'product: aws' with 'service: cloudtrail', and 'category: webserver'.");
        }
        String product = lower(RuleMetadata.text(logsource, "product"));
        String service = lower(RuleMetadata.text(logsource, "service"));
        String category = lower(RuleMetadata.text(logsource, "category"));
        SigmaLogSource source = null;
        if ("aws".equals(product) && "cloudtrail".equals(service) && category == null) {
            source = SigmaLogSource.AWS_CLOUDTRAIL;
        } else if ("webserver".equals(category) && product == null && service == null) {
            source = SigmaLogSource.WEBSERVER;
        }
        if (source == null) {
            throw new RuleSyntaxException(logsource.line(), "The logsource " + describe(product, service, category)
                    + " is not one FlowSight reads; it evaluates 'product: aws' with 'service: cloudtrail' (CloudTrail)"
                    + " and 'category: webserver' (ALB access logs).");
        }
        return new LogSource(product, service, category, source);
    }

    private static String lower(String text) {
        return text == null ? null : text.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(String product, String service, String category) {
        List<String> parts = new ArrayList<>();
        if (product != null) {
            parts.add("product '" + product + "'");
        }
        if (service != null) {
            parts.add("service '" + service + "'");
        }
        if (category != null) {
            parts.add("category '" + category + "'");
        }
        return parts.isEmpty() ? "(empty)" : String.join(", ", parts);
    }
}
