package io.flowsight.aws.signing;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsCredentialsSourceTest {
    @Test
    void staticKeysResolveToThemselvesAndAreNeverShown() {
        AwsCredentialsSource keys = AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG");

        AwsCredentialsIdentity identity = keys.resolve();

        assertThat(identity.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(identity.secretAccessKey()).isEqualTo("wJalrXUtnFEMI/K7MDENG");
        assertThat(keys).hasToString("static AWS access keys");
        assertThat(keys).isEqualTo(AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"))
                .hasSameHashCodeAs(AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"))
                .isNotEqualTo(AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "another"))
                .isNotEqualTo(AwsCredentialsSource.defaultChain());
    }

    @Test
    void theDefaultChainIsOneSourceAndIsNotBuiltUntilUsed() {
        assertThat(AwsCredentialsSource.defaultChain()).isEqualTo(AwsCredentialsSource.defaultChain())
                .hasToString("the AWS default credentials chain");
    }

    @Test
    void aProviderIsAskedAgainForEveryResolveSoExpiringCredentialsAreRefreshed() {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsSource rotating = AwsCredentialsSource.of(() -> {
            int n = calls.incrementAndGet();
            return AwsSessionCredentials.create("ASIAEXAMPLE" + n, "secret" + n, "token" + n);
        }, "a rotating provider");

        assertThat(rotating.resolve().accessKeyId()).isEqualTo("ASIAEXAMPLE1");
        assertThat(rotating.resolve().accessKeyId()).isEqualTo("ASIAEXAMPLE2");
        assertThat(rotating).hasToString("a rotating provider");
    }

    @Test
    void aProviderThatCannotAnswerIsAClauseNamingTheSource() {
        AwsCredentialsSource none = AwsCredentialsSource.of(() -> {
            throw SdkClientException.create("Failed to load credentials from IMDS.");
        }, "the instance role");

        assertThatThrownBy(none::resolve).isInstanceOf(AwsCredentialsUnavailableException.class)
                .hasMessage("cannot get AWS credentials from the instance role: Failed to load credentials from IMDS")
                .hasCauseInstanceOf(SdkClientException.class);
    }
}
