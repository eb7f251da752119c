package io.flowsight.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (since 1.11.4) refuses to instantiate generated classes from packages it was not told to trust. FlowSight's
 * generated records all live in {@code io.flowsight.schemas}; code that reads or writes them through Avro's
 * reflective paths calls {@link #install()} so that no user has to set {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 * Whatever else the JVM trusts stays trusted.
 */
public final class TrustedAvroClasses {
    private static final String PACKAGE = VpcFlowLog.class.getPackageName();
    private static volatile boolean installed;

    private TrustedAvroClasses() {
    }

    /** Adds FlowSight's schema package to the classes Avro trusts; idempotent. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (TrustedAvroClasses.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                        type -> PACKAGE.equals(type.getPackageName())));
                installed = true;
            }
        }
    }
}
