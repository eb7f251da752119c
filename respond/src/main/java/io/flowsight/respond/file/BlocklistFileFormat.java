package io.flowsight.respond.file;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.CidrBlock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a blocklist file is written. Every format is UTF-8 with one line per entry, each ended by {@code \n}, in the
 * order given (IPv4 first, by address); an address stands alone and a person's block is in CIDR notation.
 */
public enum BlocklistFileFormat {
    /** One address or CIDR block per line and nothing else, as ipset, nftables and most firewalls' list files read. */
    PLAIN("plain", "plain list", "text/plain; charset=utf-8") {
        @Override
        public String render(List<BlockedAddress> current) {
            return lines(addresses(current));
        }
    },

    /** {@code address,family,expires_at,severity,reason} under a header line; ISO-8601 UTC times, RFC 4180 quoting. */
    CSV("csv", "CSV list", "text/csv; charset=utf-8") {
        @Override
        public String render(List<BlockedAddress> current) {
            StringBuilder csv = new StringBuilder("address,family,expires_at,severity,reason\n");
            for (BlockedAddress entry : current) {
                csv.append(entry.address()).append(',')
                        .append(entry.family().wireName()).append(',')
                        .append(entry.expiresAt()).append(',')
                        .append(entry.severity().wireName()).append(',')
                        .append(csvField(entry.reason())).append('\n');
            }
            return csv.toString();
        }
    },

    /**
     * GuardDuty's plain-text (TXT) threat list: one IP address or CIDR range per line, which is the plain list within
     * GuardDuty's documented limits of 250,000 entries and 35 MB per list. GuardDuty reads the list from S3 and
     * needs it updated (UpdateThreatIntelSet) to notice a new version, which the GuardDuty target
     * ({@code flowsight.respond.guardduty.*}) does.
     */
    GUARDDUTY_TXT("guardduty", "GuardDuty threat list", "text/plain; charset=utf-8") {
        @Override
        public String render(List<BlockedAddress> current) {
            if (current.size() > GUARDDUTY_MAX_ENTRIES) {
                throw new IllegalArgumentException("GuardDuty reads at most " + GUARDDUTY_MAX_ENTRIES
                        + " entries from a threat list and the blocklist holds " + current.size() + "; lower "
                        + "flowsight.respond.block.max.entries.");
            }
            return lines(addresses(current));
        }
    };

    /** The most addresses and ranges GuardDuty reads from one threat list. */
    public static final int GUARDDUTY_MAX_ENTRIES = 250_000;

    private final String wireName;
    private final String label;
    private final String contentType;

    BlocklistFileFormat(String wireName, String label, String contentType) {
        this.wireName = wireName;
        this.label = label;
        this.contentType = contentType;
    }

    /**
     * The whole file for {@code current}.
     *
     * @throws IllegalArgumentException when the list does not fit the format's limits
     */
    public abstract String render(List<BlockedAddress> current);

    /**
     * The list as the file's UTF-8 bytes, for a target that writes it.
     *
     * @throws IOException naming {@code target} when the format cannot hold the list (over GuardDuty's limit)
     */
    byte[] content(List<BlockedAddress> current, String target) throws IOException {
        try {
            return render(current).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** How the format is named in settings and on the command line: {@code plain}, {@code csv}, {@code guardduty}. */
    public String wireName() {
        return wireName;
    }

    /** "plain list", "CSV list", ..., for a target's name. */
    public String label() {
        return label;
    }

    /** The Content-Type of an S3 object in this format. */
    public String contentType() {
        return contentType;
    }

    public static Optional<BlocklistFileFormat> fromWireName(String text) {
        String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.wireName.equals(name)).findFirst();
    }

    /** "plain, csv or guardduty", for messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(BlocklistFileFormat::wireName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /**
     * One address or CIDR block per line, in the order given, as {@link #PLAIN} and {@link #GUARDDUTY_TXT} write
     * them: for a target that holds the list in one of these formats but not as a file.
     */
    public static String lines(List<CidrBlock> addresses) {
        StringBuilder text = new StringBuilder();
        for (CidrBlock address : addresses) {
            text.append(address).append('\n');
        }
        return text.toString();
    }

    private static List<CidrBlock> addresses(List<BlockedAddress> current) {
        return current.stream().map(BlockedAddress::address).toList();
    }

    /**
     * RFC 4180 quoting when the text needs it. A field a spreadsheet would take for a formula (=, +, -, @) gets a
     * leading apostrophe: reasons carry detectors' and people's names.
     */
    private static String csvField(String text) {
        String value = text == null ? "" : text;
        if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
