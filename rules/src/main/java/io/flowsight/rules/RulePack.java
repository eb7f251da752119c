package io.flowsight.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FlowSight's own rule pack: Sigma rules written by the project (not SigmaHQ's), shipped in this jar under
 * {@value #RESOURCE_ROOT} and listed in its {@code index.txt}. CloudTrail rules cover logging and monitoring
 * tampering, root and no-MFA console activity, credentials and policies granted to other principals, resources
 * made public or shared, network exposure, secret retrieval, unusual launches and remote execution; webserver rules
 * cover common web attacks in ALB access logs.
 *
 * <p>{@link #load()} returns the pack as a {@link RuleSet}. A rule of the pack that does not load appears among
 * its {@link RuleSet#refusals() refusals} like any other (callers log them); the pack's own tests fail on any
 * refusal, so a released jar has none.
 */
public final class RulePack {
    /** Where the pack's rule files are on the classpath. */
    public static final String RESOURCE_ROOT = "io/flowsight/rules/pack/";
    /** The list of the pack's rule files, one path a line relative to {@link #RESOURCE_ROOT}; # starts a comment. */
    public static final String INDEX = RESOURCE_ROOT + "index.txt";
    /** How refusals and rule sources name the pack's files: {@code classpath:io/flowsight/rules/pack/...}. */
    public static final String SOURCE_PREFIX = "classpath:";

    private RulePack() {
    }

    /** The pack's rules, read from the classpath of this class. */
    public static RuleSet load() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : files()) {
            String resource = RESOURCE_ROOT + file;
            texts.put(SOURCE_PREFIX + resource, read(resource));
        }
        return new RuleLoader().loadTexts(texts);
    }

    /** The pack's rule files, relative to {@link #RESOURCE_ROOT}, in index order. */
    public static List<String> files() {
        return read(INDEX).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String read(String resource) {
        try (InputStream in = RulePack.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The rule pack resource " + resource + " is missing from the"
                        + " classpath; the flowsight-rules jar is incomplete.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The rule pack resource " + resource + " could not be read", e);
        }
    }
}
