package io.flowsight.respond.aws;

import io.flowsight.respond.policy.AddressFamily;
import io.flowsight.respond.policy.CidrBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One pass over a network ACL target's rule range: the ACL's entries are read with {@code DescribeNetworkAcls}; every
 * inbound entry in the range that is not a deny of all traffic from a wanted address is deleted
 * ({@code DeleteNetworkAclEntry}), and every wanted address without one gets a deny entry at the lowest free rule
 * number of the range ({@code CreateNetworkAclEntry}). When more addresses are wanted than the range holds, the oldest
 * are left out. Entries outside the range, and outbound entries, are never touched.
 *
 * <p>Calls follow EC2's Query protocol: a form-encoded POST of {@code Action}, {@code Version=2016-11-15} and the
 * parameters to the endpoint's root, signed for the {@code ec2} service, answered in XML.
 */
final class NetworkAclDenyEntries {
    static final String API_VERSION = "2016-11-15";
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    /** Protocol {@code -1}: every protocol, so the deny covers all traffic from the address. */
    static final String ALL_PROTOCOLS = "-1";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkAclDenyEntries.class);

    /** One entry as DescribeNetworkAcls lists it. */
    record Entry(int ruleNumber, boolean egress, String action, String protocol, String cidrBlock) {
    }

    private final NetworkAclTargetConfig config;
    private final AwsApiClient client;

    NetworkAclDenyEntries(NetworkAclTargetConfig config, AwsApiClient client) {
        this.config = config;
        this.client = client;
    }

    /**
     * @param wanted both families, oldest first, without duplicates
     * @throws AwsTargetException when the ACL cannot be read or an entry not created or deleted; what was done before
     *         stays, and the next pass finishes it
     */
    List<AppliedChange> reconcile(List<CidrBlock> wanted) throws InterruptedException {
        List<CidrBlock> kept = wanted;
        List<String> leftOut = List.of();
        if (wanted.size() > config.capacity()) {
            int over = wanted.size() - config.capacity();
            leftOut = wanted.subList(0, over).stream().map(CidrBlock::cidrNotation).toList();
            kept = wanted.subList(over, wanted.size());
            LOG.warn("Network ACL target {}: {} addresses are wanted but {} holds {}; the {} oldest are left out: {}",
                    config.name(), wanted.size(), config.describe(), config.capacity(), over,
                    String.join(", ", leftOut));
        }
        Set<CidrBlock> keptSet = new LinkedHashSet<>(kept);
        Set<CidrBlock> held = new HashSet<>();
        List<Entry> deletions = new ArrayList<>();
        TreeSet<Integer> taken = new TreeSet<>();
        List<Entry> inRange = describe().stream().filter(e -> !e.egress() && config.inRange(e.ruleNumber()))
                .sorted(Comparator.comparingInt(Entry::ruleNumber)).toList();
        for (Entry entry : inRange) {
            Optional<CidrBlock> cidr = ours(entry);
            if (cidr.isPresent() && keptSet.contains(cidr.get()) && held.add(cidr.get())) {
                taken.add(entry.ruleNumber());
            } else {
                deletions.add(entry);
            }
        }
        List<CidrBlock> creations = kept.stream().filter(c -> !held.contains(c)).toList();
        for (Entry entry : deletions) {
            delete(entry.ruleNumber());
        }
        List<String> added = new ArrayList<>();
        int next = config.firstRule();
        for (CidrBlock cidr : creations) {
            while (taken.contains(next)) {
                next++;
            }
            // kept has at most capacity() addresses, so a free number is always left in the range.
            create(next, cidr);
            taken.add(next);
            added.add(cidr.cidrNotation());
        }
        List<String> removed = deletions.stream().map(e -> (e.cidrBlock() == null ? "" : e.cidrBlock() + " ")
                + "(rule " + e.ruleNumber() + ")").toList();
        return List.of(new AppliedChange(config.describe(), added, removed, leftOut));
    }

    /** A FlowSight-shaped entry's address: a deny of every protocol. Anything else in the range is not kept. */
    private static Optional<CidrBlock> ours(Entry entry) {
        if (!"deny".equals(entry.action()) || !ALL_PROTOCOLS.equals(entry.protocol()) || entry.cidrBlock() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CidrBlock.parse(entry.cidrBlock()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    List<Entry> describe() throws InterruptedException {
        Map<String, String> form = form("DescribeNetworkAcls");
        form.put("NetworkAclId.1", config.networkAclId());
        Element root = call("DescribeNetworkAcls", form);
        Optional<Element> acl = Ec2Xml.child(root, "networkAclSet").stream()
                .flatMap(set -> Ec2Xml.children(set, "item").stream())
                .filter(item -> Ec2Xml.text(item, "networkAclId").filter(config.networkAclId()::equals).isPresent())
                .findFirst();
        if (acl.isEmpty()) {
            throw AwsTargetException.refused(config.describe() + " was not found by DescribeNetworkAcls: check "
                    + "network-acl-id and region.");
        }
        List<Entry> entries = new ArrayList<>();
        for (Element set : Ec2Xml.children(acl.get(), "entrySet")) {
            for (Element item : Ec2Xml.children(set, "item")) {
                Optional<String> number = Ec2Xml.text(item, "ruleNumber");
                if (number.isEmpty() || !number.get().matches("\\d{1,5}")) {
                    continue;
                }
                String cidr = Ec2Xml.text(item, "cidrBlock").or(() -> Ec2Xml.text(item, "ipv6CidrBlock"))
                        .orElse(null);
                entries.add(new Entry(Integer.parseInt(number.get()),
                        Ec2Xml.text(item, "egress").map("true"::equals).orElse(false),
                        Ec2Xml.text(item, "ruleAction").orElse(""), Ec2Xml.text(item, "protocol").orElse(""), cidr));
            }
        }
        return entries;
    }

    private void create(int ruleNumber, CidrBlock cidr) throws InterruptedException {
        Map<String, String> form = form("CreateNetworkAclEntry");
        form.put("NetworkAclId", config.networkAclId());
        form.put("RuleNumber", Integer.toString(ruleNumber));
        form.put("Protocol", ALL_PROTOCOLS);
        form.put("RuleAction", "deny");
        form.put("Egress", "false");
        form.put(cidr.family() == AddressFamily.IPV6 ? "Ipv6CidrBlock" : "CidrBlock", cidr.cidrNotation());
        call("CreateNetworkAclEntry", form);
    }

    private void delete(int ruleNumber) throws InterruptedException {
        Map<String, String> form = form("DeleteNetworkAclEntry");
        form.put("NetworkAclId", config.networkAclId());
        form.put("RuleNumber", Integer.toString(ruleNumber));
        form.put("Egress", "false");
        call("DeleteNetworkAclEntry", form);
    }

    private static Map<String, String> form(String action) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", API_VERSION);
        return form;
    }

    private Element call(String action, Map<String, String> form) throws InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        AwsApiClient.Answer answer;
        try {
            answer = client.post(action, Map.of("Content-Type", CONTENT_TYPE), body);
        } catch (AwsTargetException e) {
            throw explained(action, e);
        }
        try {
            return Ec2Xml.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new AwsTargetException("Amazon EC2 answered " + action + " for " + config.describe() + " with "
                    + "something that is not XML; it will be tried again later.", true, null, answer.status(), e);
        }
    }

    /** The errors a user can fix, said for this target; the rest as the client said them. */
    private AwsTargetException explained(String action, AwsTargetException e) {
        String code = e.errorCode().orElse("");
        if (e.retriable()) {
            return e;
        }
        String sentence;
        if (code.startsWith("InvalidNetworkAclID")) {
            sentence = config.describe() + " does not exist (" + action + " answered " + code + "): check "
                    + "network-acl-id and region.";
        } else if (code.equals("UnauthorizedOperation") || code.equals("AuthFailure") || e.status().orElse(0) == 403) {
            sentence = "Amazon EC2 denied " + action + " on " + config.describe() + " (" + code + "): the "
                    + "credentials' principal needs ec2:DescribeNetworkAcls, ec2:CreateNetworkAclEntry and "
                    + "ec2:DeleteNetworkAclEntry on the ACL.";
        } else if (code.equals("NetworkAclEntryLimitExceeded")) {
            sentence = config.describe() + " has no room for another inbound rule (" + code + "): narrow "
                    + "rule-numbers, remove other rules, or ask AWS to raise the rules-per-ACL quota.";
        } else if (code.equals("NetworkAclEntryAlreadyExists")) {
            // Someone created a rule in the range since it was read: the next pass reads it and sorts it out.
            return new AwsTargetException(config.describe() + " gained a rule while FlowSight was changing it ("
                    + code + "); it will be read again and corrected.", true, code, e.status().orElse(0), e);
        } else {
            return e;
        }
        return new AwsTargetException(sentence, false, code, e.status().orElse(0), e);
    }

    /** Percent-encoding as AWS's Query APIs and their signers expect it: RFC 3986 unreserved characters kept. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
