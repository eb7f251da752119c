package io.flowsight.aws.signing;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsRegionTest {
    @Test
    void aRegionKnowsItsPartitionAndTheDnsSuffixOfItsEndpoints() {
        assertThat(AwsRegion.of("eu-west-1").partition()).isEqualTo("aws");
        assertThat(AwsRegion.of("eu-west-1").endpoint("wafv2"))
                .isEqualTo(URI.create("https://wafv2.eu-west-1.amazonaws.com"));
        assertThat(AwsRegion.of("cn-north-1").partition()).isEqualTo("aws-cn");
        assertThat(AwsRegion.of("cn-north-1").endpoint("ec2"))
                .isEqualTo(URI.create("https://ec2.cn-north-1.amazonaws.com.cn"));
        assertThat(AwsRegion.of("us-gov-west-1").partition()).isEqualTo("aws-us-gov");
        assertThat(AwsRegion.of("us-gov-west-1")).hasToString("us-gov-west-1");
    }

    @Test
    void aRegionNewerThanThisBuildStillLandsInItsPartitionByName() {
        assertThat(AwsRegion.of("eu-central-9").partition()).isEqualTo("aws");
        assertThat(AwsRegion.of("cn-northwest-9").partition()).isEqualTo("aws-cn");
    }

    @Test
    void textThatIsNotShapedLikeARegionIsRefusedWithAClause() {
        for (String wrong : List.of("", "EU-WEST-1", "eu-west", "euwest1", "eu-west-1a", "https://eu-west-1")) {
            assertThatThrownBy(() -> AwsRegion.of(wrong)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("is not an AWS region name: write it like eu-west-1");
        }
    }
}
