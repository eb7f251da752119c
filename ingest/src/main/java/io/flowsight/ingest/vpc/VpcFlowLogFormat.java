package io.flowsight.ingest.vpc;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ordered fields of a flow log's records: AWS's default (v2) format, or a custom format as the console
 * shows it ({@code ${version} ${vpc-id} ${srcaddr}}), as the S3 header line writes it
 * ({@code version vpc-id srcaddr}) or with underscore names.
 */
public record VpcFlowLogFormat(List<VpcFlowLogField> fields) {

    /** The default format; AWS does not let it change. */
    public static final VpcFlowLogFormat DEFAULT = parseKnown(
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status");

    public VpcFlowLogFormat {
        fields = List.copyOf(fields);
    }

    /**
     * Parses a format string.
     *
     * @throws ParseException naming the first unknown field, or when the format is empty
     */
    public static VpcFlowLogFormat parse(String format) throws ParseException {
        List<String> names = VpcFlowLogLine.tokens(format.replace("}$", "} $"));
        if (names.isEmpty()) {
            throw new ParseException(RejectReason.UNKNOWN_FIELD, "The flow-log format is empty: give the field "
                    + "names in order, e.g. \"version account-id interface-id srcaddr ...\".");
        }
        List<VpcFlowLogField> fields = new ArrayList<>(names.size());
        for (String name : names) {
            fields.add(VpcFlowLogField.byName(name).orElseThrow(() -> new ParseException(RejectReason.UNKNOWN_FIELD,
                    "Unknown flow-log field '" + name + "' in format \"" + format.trim() + "\"; known fields: "
                            + VpcFlowLogField.all().stream().map(VpcFlowLogField::awsName)
                            .collect(Collectors.joining(" ")) + ".")));
        }
        return new VpcFlowLogFormat(fields);
    }

    /**
     * Whether {@code line} is a header naming fields (S3 files begin with one, and concatenated files repeat
     * it): its first token is a field name, which no record value is.
     */
    public static boolean looksLikeHeader(List<String> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        String first = tokens.get(0);
        // Records mostly begin with a number (the version, an account id) and no field name does: that test is
        // cheaper than normalizing the token and looking it up, which every line would pay.
        if (!first.isEmpty() && (Character.isDigit(first.charAt(0)) || first.charAt(0) == '-')) {
            return false;
        }
        return VpcFlowLogField.byName(first).isPresent();
    }

    /** The format as the S3 header line writes it. */
    public String headerLine() {
        return fields.stream().map(VpcFlowLogField::awsName).collect(Collectors.joining(" "));
    }

    private static VpcFlowLogFormat parseKnown(String format) {
        try {
            return parse(format);
        } catch (ParseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
