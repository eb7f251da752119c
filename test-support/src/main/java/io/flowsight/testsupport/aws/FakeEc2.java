package io.flowsight.testsupport.aws;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon EC2's DescribeNetworkAcls, CreateNetworkAclEntry and DeleteNetworkAclEntry as AWS documents them (the Query
 * protocol, {@code Version=2016-11-15}, XML answers): entries unique by rule number per direction, at most 20 rules
 * per direction (the default quota), rule numbers 1-32766, and EC2's XML errors.
 */
public final class FakeEc2 extends FakeAwsApi {
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public static final int RULES_PER_DIRECTION = 20;

    /** One entry of an ACL. */
    public record Entry(int ruleNumber, boolean egress, String action, String protocol, String cidr) {
        boolean ipv6() {
            return cidr.contains(":");
        }
    }

    private final Map<String, List<Entry>> acls = new LinkedHashMap<>();

    public FakeEc2(String region) throws IOException {
        super("ec2", region);
    }

    /** A new ACL with the entries a VPC's default ACL has: allow everything, then the catch-all denies. */
    public synchronized void createDefaultAcl(String id) {
        List<Entry> entries = new ArrayList<>();
        for (boolean egress : new boolean[] {false, true}) {
            entries.add(new Entry(100, egress, "allow", "-1", "0.0.0.0/0"));
            entries.add(new Entry(101, egress, "allow", "-1", "::/0"));
            entries.add(new Entry(32767, egress, "deny", "-1", "0.0.0.0/0"));
            entries.add(new Entry(32768, egress, "deny", "-1", "::/0"));
        }
        acls.put(id, entries);
    }

    /** Someone adds an entry by hand. */
    public synchronized void add(String id, Entry entry) {
        acls.get(id).add(entry);
    }

    /** Someone deletes an entry by hand. */
    public synchronized void remove(String id, int ruleNumber, boolean egress) {
        acls.get(id).removeIf(e -> e.ruleNumber() == ruleNumber && e.egress() == egress);
    }

    public synchronized List<Entry> entries(String id) {
        return acls.get(id).stream().sorted(Comparator.comparing(Entry::egress)
                .thenComparingInt(Entry::ruleNumber)).toList();
    }

    /** The inbound entries with numbers in {@code first..last}, by number. */
    public synchronized List<Entry> inbound(String id, int first, int last) {
        return entries(id).stream().filter(e -> !e.egress() && e.ruleNumber() >= first && e.ruleNumber() <= last)
                .toList();
    }

    public static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    public static Answer error(int status, String code, String message) {
        return new Answer(status, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "</Errors><RequestID>0a1b2c3d-0000-4000-8000-000000000001</RequestID></Response>");
    }

    @Override
    public String action(Request request) {
        return form(request.body()).getOrDefault("Action", "");
    }

    @Override
    public Answer badSignature() {
        return error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    }

    @Override
    public Answer answer(Request request) {
        if (!request.method().equals("POST") || !request.pathAndQuery().equals("/")
                || !CONTENT_TYPE.equals(request.header("Content-Type"))) {
            return error(400, "InvalidAction", "Not a Query POST to /.");
        }
        Map<String, String> form = form(request.body());
        if (!"2016-11-15".equals(form.get("Version"))) {
            return error(400, "InvalidParameterValue", "Unsupported Version.");
        }
        return switch (form.get("Action")) {
            case "DescribeNetworkAcls" -> describe(form);
            case "CreateNetworkAclEntry" -> create(form);
            case "DeleteNetworkAclEntry" -> delete(form);
            default -> error(400, "InvalidAction", "The action is not valid for this web service.");
        };
    }

    private Answer describe(Map<String, String> form) {
        String id = form.get("NetworkAclId.1");
        List<Entry> entries = acls.get(id);
        if (entries == null) {
            return error(400, "InvalidNetworkAclID.NotFound", "The network ACL ID '" + id + "' does not exist");
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeNetworkAclsResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n"
                + "  <networkAclSet>\n    <item>\n"
                + "      <networkAclId>" + id + "</networkAclId>\n"
                + "      <vpcId>vpc-0a1b2c3d4e5f60718</vpcId>\n      <isDefault>false</isDefault>\n"
                + "      <entrySet>\n");
        for (Entry entry : entries(id)) {
            xml.append("        <item>\n")
                    .append("          <ruleNumber>").append(entry.ruleNumber()).append("</ruleNumber>\n")
                    .append("          <protocol>").append(entry.protocol()).append("</protocol>\n")
                    .append("          <ruleAction>").append(entry.action()).append("</ruleAction>\n")
                    .append("          <egress>").append(entry.egress()).append("</egress>\n")
                    .append(entry.ipv6() ? "          <ipv6CidrBlock>" : "          <cidrBlock>")
                    .append(entry.cidr())
                    .append(entry.ipv6() ? "</ipv6CidrBlock>\n" : "</cidrBlock>\n");
            if (!entry.protocol().equals("-1")) {
                xml.append("          <portRange><from>22</from><to>22</to></portRange>\n");
            }
            xml.append("        </item>\n");
        }
        xml.append("      </entrySet>\n      <associationSet/>\n      <tagSet/>\n"
                + "      <ownerId>123456789012</ownerId>\n    </item>\n  </networkAclSet>\n"
                + "</DescribeNetworkAclsResponse>\n");
        return new Answer(200, "text/xml;charset=UTF-8", xml.toString());
    }

    private Answer create(Map<String, String> form) {
        List<Entry> entries = acls.get(form.get("NetworkAclId"));
        if (entries == null) {
            return error(400, "InvalidNetworkAclID.NotFound", "The network ACL ID does not exist");
        }
        for (String required : List.of("RuleNumber", "Protocol", "RuleAction", "Egress")) {
            if (!form.containsKey(required)) {
                return error(400, "MissingParameter", "The request must contain the parameter " + required);
            }
        }
        String cidr = form.containsKey("CidrBlock") ? form.get("CidrBlock") : form.get("Ipv6CidrBlock");
        if (cidr == null || form.containsKey("CidrBlock") && form.containsKey("Ipv6CidrBlock")
                || form.containsKey("CidrBlock") && cidr.contains(":")
                || form.containsKey("Ipv6CidrBlock") && !cidr.contains(":")) {
            return error(400, "InvalidParameterCombination", "Either CidrBlock or Ipv6CidrBlock must be given.");
        }
        int number = Integer.parseInt(form.get("RuleNumber"));
        boolean egress = Boolean.parseBoolean(form.get("Egress"));
        if (number < 1 || number > 32766) {
            return error(400, "InvalidParameterValue", "Rule number must be between 1 and 32766.");
        }
        if (entries.stream().anyMatch(e -> e.ruleNumber() == number && e.egress() == egress)) {
            return error(400, "NetworkAclEntryAlreadyExists", "The network acl entry identified by " + number
                    + " already exists.");
        }
        long rules = entries.stream().filter(e -> e.egress() == egress && e.ruleNumber() < 32767).count();
        if (rules >= RULES_PER_DIRECTION) {
            return error(400, "NetworkAclEntryLimitExceeded", "The maximum number of network acl entries has been "
                    + "reached.");
        }
        entries.add(new Entry(number, egress, form.get("RuleAction"), form.get("Protocol"), cidr));
        return ok("CreateNetworkAclEntryResponse");
    }

    private Answer delete(Map<String, String> form) {
        List<Entry> entries = acls.get(form.get("NetworkAclId"));
        if (entries == null) {
            return error(400, "InvalidNetworkAclID.NotFound", "The network ACL ID does not exist");
        }
        int number = Integer.parseInt(form.get("RuleNumber"));
        boolean egress = Boolean.parseBoolean(form.get("Egress"));
        if (!entries.removeIf(e -> e.ruleNumber() == number && e.egress() == egress)) {
            return error(400, "InvalidNetworkAclEntry.NotFound", "The network ACL entry identified by " + number
                    + " does not exist.");
        }
        return ok("DeleteNetworkAclEntryResponse");
    }

    private static Answer ok(String element) {
        return new Answer(200, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + element
                + " xmlns=\"" + NAMESPACE + "\">\n  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n"
                + "  <return>true</return>\n</" + element + ">\n");
    }
}
