package io.flowsight.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Gives a test an {@link S3Endpoint}: an {@link S3ProxyServer} started once per test JVM.
 *
 * <p>The module's build copies the server jar and names it in the system property {@value #JAR_PROPERTY}; tests
 * run outside Maven must set it too.
 */
public final class S3ProxyExtension implements ParameterResolver {
    public static final String JAR_PROPERTY = "flowsight.test.s3proxy.jar";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, key -> SharedServer.start(), SharedServer.class)
                .server().endpoint();
    }

    private record SharedServer(S3ProxyServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        static SharedServer start() {
            String jar = System.getProperty(JAR_PROPERTY);
            if (jar == null) {
                throw new IllegalStateException("The S3 tests need S3Proxy's jar-with-dependencies named in -D"
                        + JAR_PROPERTY + " (the Maven build sets it).");
            }
            return new SharedServer(S3ProxyServer.start(Path.of(jar)));
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
