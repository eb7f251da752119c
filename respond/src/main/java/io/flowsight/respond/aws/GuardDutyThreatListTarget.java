package io.flowsight.respond.aws;

import io.flowsight.respond.file.BlocklistFileFormat;
import io.flowsight.respond.file.S3BlocklistTarget;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The blocklist applied to a GuardDuty threat list: the S3 object a threat intel set reads holds the list as
 * GuardDuty's TXT (the newest 250,000 entries when more are wanted), is rewritten only when the list changed, and the
 * set is activated again after each rewrite, since GuardDuty reads a changed list only then. A burst of changes is
 * coalesced into one pass, at most one pass runs per {@link #PASS_INTERVAL}, and the object is read and corrected
 * every reconcile interval. GuardDuty then reports findings for traffic with the listed addresses; it blocks nothing.
 *
 * <p>The credentials' principal needs {@code s3:GetObject} and {@code s3:PutObject} on the object,
 * {@code guardduty:UpdateThreatIntelSet} on the detector, and {@code iam:PutRolePolicy} on GuardDuty's service-linked
 * role, which GuardDuty requires of whoever activates a list.
 */
public final class GuardDutyThreatListTarget extends PacedAddressListTarget {
    /**
     * GuardDuty takes minutes to make an activated list effective and refuses another action on the list while it is
     * activating, so the passes of one target are spaced this far apart.
     */
    public static final Duration PASS_INTERVAL = Duration.ofMinutes(5);

    private final GuardDutyThreatListTargetConfig config;
    private final S3Client s3;

    GuardDutyThreatListTarget(GuardDutyThreatListTargetConfig config, S3Client s3, UpdatePacer pacer, Clock clock,
                              Sleeper sleeper, DoubleSupplier jitter) {
        super(config.name(), list(config, s3, clock, sleeper, jitter)::reconcile, pacer, clock, sleeper,
                config.reconcileInterval());
        this.config = config;
        this.s3 = s3;
    }

    private static GuardDutyThreatList list(GuardDutyThreatListTargetConfig config, S3Client s3, Clock clock,
                                            Sleeper sleeper, DoubleSupplier jitter) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(s3, "s3");
        return new GuardDutyThreatList(config, new S3BlocklistTarget(s3, config.list(),
                BlocklistFileFormat.GUARDDUTY_TXT), new AwsApiClient("Amazon GuardDuty",
                GuardDutyThreatListTargetConfig.SIGNING_NAME, config.region(), config.endpoint(),
                config.credentials(), GuardDutyThreatList.PROTOCOL, clock, sleeper, jitter));
    }

    /**
     * A target with its own pacer (one pass per {@link #PASS_INTERVAL}), applying lists in a background thread.
     *
     * @param s3 the client for the list's bucket; the target owns it and closes it with itself
     */
    public static GuardDutyThreatListTarget start(GuardDutyThreatListTargetConfig config, S3Client s3) {
        GuardDutyThreatListTarget target = new GuardDutyThreatListTarget(config, s3, new UpdatePacer(PASS_INTERVAL),
                Clock.systemUTC(), Sleeper.REAL, () -> ThreadLocalRandom.current().nextDouble());
        target.startApplying();
        return target;
    }

    public GuardDutyThreatListTargetConfig config() {
        return config;
    }

    /** Stops the background work, then closes the S3 client. */
    @Override
    public void close() {
        super.close();
        s3.close();
    }

    @Override
    public String toString() {
        return "GuardDuty target " + config.name() + " (" + config.describe() + ")";
    }
}
