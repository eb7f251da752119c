package io.flowsight.rules;

import io.flowsight.rules.fields.AlbWebserverFields;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.schemas.AlbLogEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.flowsight.rules.Rules.load;
import static io.flowsight.rules.Rules.matchesAlb;
import static io.flowsight.rules.Rules.refusal;
import static io.flowsight.rules.Rules.webserverRule;
import static org.assertj.core.api.Assertions.assertThat;

/** Sigma's webserver taxonomy over ALB access-log entries (the mapping documented in WebserverField). */
class AlbWebserverFieldsTest {
    static final AlbLogEntry ENTRY = AlbLogEntry.newBuilder()
            .setType("https").setTime("2024-05-06T07:08:09.123456Z").setElb("app/my-lb/50dc6c495c0c9188")
            .setClientIp("192.0.2.10").setClientPort(46532).setTargetIp("10.0.0.5").setTargetPort(80)
            .setRequestProcessingTime(0.001).setTargetProcessingTime(0.048).setResponseProcessingTime(0.0)
            .setElbStatusCode(200).setTargetStatusCode("200").setReceivedBytes(512L).setSentBytes(1024L)
            .setRequestVerb("GET").setRequestUrl("https://shop.example.com:443/cart/../../etc/passwd?id=1%27%20or%201=1#&x=y")
            .setRequestProto("HTTP/1.1").setUserAgent("sqlmap/1.7")
            .setDomainName("shop.example.com").setEventTime(Instant.parse("2024-05-06T07:08:09.123Z"))
            .build();

    private static List<Object> values(String field) {
        return new AlbWebserverFields(ENTRY).values(FieldPath.of(field)).values();
    }

    @Test
    void everyMappedTaxonomyFieldReadsItsAlbColumn() {
        assertThat(values("date")).containsExactly("2024-05-06");
        assertThat(values("time")).containsExactly("07:08:09");
        assertThat(values("c-ip")).containsExactly("192.0.2.10");
        assertThat(values("s-port")).containsExactly(443);
        assertThat(values("cs-method")).containsExactly("GET");
        assertThat(values("cs-uri-stem")).containsExactly("/cart/../../etc/passwd");
        assertThat(values("cs-uri-query")).containsExactly("/cart/../../etc/passwd?id=1%27%20or%201=1#&x=y");
        assertThat(values("sc-status")).containsExactly(200);
        assertThat(values("sc-bytes")).containsExactly(1024L);
        assertThat(values("cs-bytes")).containsExactly(512L);
        assertThat(values("time-taken")).containsExactly(49L);
        assertThat(values("cs-version")).containsExactly("HTTP/1.1");
        assertThat(values("cs-host")).containsExactly("shop.example.com");
        assertThat(values("CS-User-Agent")).containsExactly("sqlmap/1.7");
    }

    @Test
    void albColumnsAreReadByTheirOwnNamesToo() {
        assertThat(values("target_status_code")).containsExactly("200");
        assertThat(values("domain_name")).containsExactly("shop.example.com");
    }

    @Test
    void rulesMatchOnTheMappedFields() {
        SigmaRule rule = load(webserverRule("""
                selection:
                    cs-method: GET
                    cs-uri-query|contains: '../../etc/'
                    sc-status: 200
                condition: selection"""));
        assertThat(matchesAlb(rule, ENTRY)).isTrue();
    }

    @Test
    void keywordsSearchTheRequestLineAndUserAgent() {
        SigmaRule inUrl = load(webserverRule("""
                keywords:
                    - 'or%201=1#'
                condition: keywords"""));
        SigmaRule inAgent = load(webserverRule("""
                keywords:
                    - 'SQLMAP'
                condition: keywords"""));
        SigmaRule nowhere = load(webserverRule("""
                keywords:
                    '|all':
                        - 'passwd'
                        - 'union select'
                condition: keywords"""));
        assertThat(matchesAlb(inUrl, ENTRY)).isTrue();
        assertThat(matchesAlb(inAgent, ENTRY)).isTrue();
        assertThat(matchesAlb(nowhere, ENTRY)).isFalse();
    }

    @Test
    void aTaxonomyFieldAlbDoesNotLogIsRefusedByName() {
        assertThat(refusal(webserverRule("""
                filter:
                    cs-referer: null
                condition: filter""")).reason()).isEqualTo("The webserver field 'cs-referer' has no counterpart in ALB"
                + " access logs (ALB does not log the Referer header), so the rule cannot be evaluated as written.");
    }

    @Test
    void malformedRequestsHaveNoUrlParts() {
        AlbLogEntry malformed = AlbLogEntry.newBuilder(ENTRY).setRequestVerb(null).setRequestUrl("-")
                .setRequestProto(null).build();
        AlbWebserverFields fields = new AlbWebserverFields(malformed);
        assertThat(fields.values(FieldPath.of("cs-uri-stem")).isAbsent()).isTrue();
        assertThat(fields.values(FieldPath.of("cs-host")).isAbsent()).isTrue();
        assertThat(fields.keywordTexts().values()).containsExactly("- - -", "sqlmap/1.7");
    }
}
