package io.flowsight.app.cli;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns a failure a user can cause into one sentence on stderr and exit code 1. The stack trace is printed
 * only with {@code FLOWSIGHT_DEBUG=1}, for bug reports.
 */
public final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    public static final String DEBUG_ENVIRONMENT_VARIABLE = "FLOWSIGHT_DEBUG";

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("flowsight " + commandLine.getCommandName() + ": " + sentence(exception));
        if ("1".equals(System.getenv(DEBUG_ENVIRONMENT_VARIABLE))) {
            exception.printStackTrace(commandLine.getErr());
        } else {
            commandLine.getErr().println("(set " + DEBUG_ENVIRONMENT_VARIABLE + "=1 to see the stack trace)");
        }
        return 1;
    }

    static String sentence(Throwable exception) {
        if (exception instanceof ConfigException) {
            return exception.getMessage();
        }
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.toString() : message;
    }
}
