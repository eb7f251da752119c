package io.flowsight.schemas;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw records carry the columns of the Athena DDL AWS publishes for each log (AWS Athena User Guide,
 * see shared/data/aws-samples/docs/athena_ddl_from_aws_docs.md), with the same names and types, so AWS's
 * example queries run on FlowSight's tables unchanged.
 */
class AthenaColumnContractTest {

    /** {@code CREATE EXTERNAL TABLE vpc_flow_logs}, in the DDL's order. */
    private static final String VPC_FLOW_LOGS_DDL = """
            version int, account_id string, interface_id string, srcaddr string, dstaddr string, srcport int,
            dstport int, protocol bigint, packets bigint, bytes bigint, start bigint, end bigint, action string,
            log_status string, vpc_id string, subnet_id string, instance_id string, tcp_flags int, type string,
            pkt_srcaddr string, pkt_dstaddr string, region string, az_id string, sublocation_type string,
            sublocation_id string, pkt_src_aws_service string, pkt_dst_aws_service string, flow_direction string,
            traffic_path int""";

    /** {@code CREATE EXTERNAL TABLE alb_logs}, in the DDL's order, plus the later {@code conn_trace_id}. */
    private static final String ALB_LOGS_DDL = """
            type string, time string, elb string, client_ip string, client_port int, target_ip string,
            target_port int, request_processing_time double, target_processing_time double,
            response_processing_time double, elb_status_code int, target_status_code string,
            received_bytes bigint, sent_bytes bigint, request_verb string, request_url string,
            request_proto string, user_agent string, ssl_cipher string, ssl_protocol string,
            target_group_arn string, trace_id string, domain_name string, chosen_cert_arn string,
            matched_rule_priority string, request_creation_time string, actions_executed string,
            redirect_url string, lambda_error_reason string, target_port_list string,
            target_status_code_list string, classification string, classification_reason string,
            conn_trace_id string""";

    /** Top-level columns of {@code CREATE EXTERNAL TABLE cloudtrail_logs} (names lower-cased as Hive does). */
    private static final String CLOUDTRAIL_DDL = """
            eventversion string, useridentity struct, eventtime string, eventsource string, eventname string,
            awsregion string, sourceipaddress string, useragent string, errorcode string, errormessage string,
            requestparameters string, responseelements string, additionaleventdata string, requestid string,
            eventid string, resources array, eventtype string, apiversion string, readonly string,
            recipientaccountid string, serviceeventdetails string, sharedeventid string, vpcendpointid string,
            tlsdetails struct""";

    @Test
    void vpcFlowLogStartsWithTheAthenaColumnsInOrder() {
        assertStartsWithColumns(VpcFlowLog.getClassSchema(), VPC_FLOW_LOGS_DDL);
    }

    @Test
    void albLogEntryStartsWithTheAthenaColumnsInOrder() {
        assertStartsWithColumns(AlbLogEntry.getClassSchema(), ALB_LOGS_DDL);
    }

    @Test
    void cloudTrailEventStartsWithTheAthenaColumnsInOrder() {
        assertStartsWithColumns(CloudTrailEvent.getClassSchema(), CLOUDTRAIL_DDL);
    }

    @Test
    void cloudTrailUserIdentityHasTheAthenaStructFields() {
        Schema identity = nonNull(CloudTrailEvent.getClassSchema().getField("useridentity").schema());
        assertThat(identity.getFields()).extracting(Schema.Field::name).startsWith("type", "principalid", "arn",
                "accountid", "invokedby", "accesskeyid", "username", "sessioncontext");
        Schema context = nonNull(identity.getField("sessioncontext").schema());
        assertThat(context.getFields()).extracting(Schema.Field::name)
                .startsWith("attributes", "sessionissuer", "ec2roledelivery", "webidfederationdata");
        assertThat(nonNull(context.getField("attributes").schema()).getFields()).extracting(Schema.Field::name)
                .containsExactly("mfaauthenticated", "creationdate");
        assertThat(nonNull(context.getField("sessionissuer").schema()).getFields()).extracting(Schema.Field::name)
                .containsExactly("type", "principalid", "arn", "accountid", "username");
        Schema resource = nonNull(CloudTrailEvent.getClassSchema().getField("resources").schema()).getElementType();
        assertThat(resource.getFields()).extracting(Schema.Field::name).containsExactly("arn", "accountid", "type");
    }

    @Test
    void everyRawRecordHasAnEventTimeInMillis() {
        for (Schema schema : List.of(VpcFlowLog.getClassSchema(), AlbLogEntry.getClassSchema(),
                AlbConnectionLogEntry.getClassSchema(), CloudTrailEvent.getClassSchema())) {
            Schema eventTime = schema.getField("event_time").schema();
            assertThat(eventTime.getType()).as(schema.getName()).isEqualTo(Schema.Type.LONG);
            assertThat(eventTime.getLogicalType()).as(schema.getName()).isEqualTo(LogicalTypes.timestampMillis());
        }
    }

    @Test
    void fieldsBeyondTheFirstAthenaColumnsAreOptionalWithNullDefault() {
        assertLaterFieldsOptional(VpcFlowLog.getClassSchema(), 29);
        assertLaterFieldsOptional(AlbLogEntry.getClassSchema(), 33);
        assertLaterFieldsOptional(CloudTrailEvent.getClassSchema(), 24);
    }

    private static void assertLaterFieldsOptional(Schema schema, int firstVersionColumns) {
        for (Schema.Field field : schema.getFields().subList(firstVersionColumns, schema.getFields().size())) {
            if (field.name().equals("event_time")) {
                continue;
            }
            assertThat(field.schema().isNullable()).as("%s.%s is nullable", schema.getName(), field.name()).isTrue();
            assertThat(field.hasDefaultValue() && field.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE)
                    .as("%s.%s defaults to null", schema.getName(), field.name()).isTrue();
        }
    }

    private static void assertStartsWithColumns(Schema schema, String ddlColumns) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String column : ddlColumns.replace("\n", " ").split(",")) {
            String[] nameAndType = column.trim().split("\\s+");
            expected.put(nameAndType[0], nameAndType[1]);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields().subList(0, expected.size())) {
            actual.put(field.name(), athenaType(field.schema()));
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    private static String athenaType(Schema schema) {
        return switch (nonNull(schema).getType()) {
            case INT -> "int";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case RECORD -> "struct";
            case ARRAY -> "array";
            case MAP -> "map";
            default -> nonNull(schema).getType().getName();
        };
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
