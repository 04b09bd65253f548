package org.provhooks.beam;

import java.lang.reflect.Method;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.UserCodeException;

/**
 * The DirectRunner's {@code blockOnRun} option, reached by reflection (the DirectRunner is the user's dependency, not
 * ours). With it off, {@code run} returns the result at once and {@link #waitAsDirectRunnerDoes} waits, throwing
 * exactly what the DirectRunner's own {@code run} would have thrown.
 */
final class DirectRunnerBlocking {
    private static final String OPTIONS = "org.apache.beam.runners.direct.DirectOptions";

    private DirectRunnerBlocking() {}

    /** Turns {@code blockOnRun} off when {@code delegate} is the DirectRunner and it is on; true when it did. */
    static boolean turnOff(PipelineRunner<?> delegate, PipelineOptions options) {
        if (!delegate.getClass().getName().equals("org.apache.beam.runners.direct.DirectRunner")) {
            return false;
        }
        try {
            Object direct = directOptions(delegate, options);
            if (direct == null
                    || !Boolean.TRUE.equals(
                            direct.getClass().getMethod("isBlockOnRun").invoke(direct))) {
                return false;
            }
            set(direct, false);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false; // not the DirectRunner we know: it runs as it always does
        }
    }

    static void restore(PipelineRunner<?> delegate, PipelineOptions options) {
        try {
            set(directOptions(delegate, options), true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            BeamProvenance.LOG.debug("provhooks: cannot restore blockOnRun: {}", e.toString());
        }
    }

    /** As DirectRunner.run does when blocking: a user-code failure becomes a PipelineExecutionException. */
    static void waitAsDirectRunnerDoes(PipelineResult result) {
        try {
            result.waitUntilFinish();
        } catch (UserCodeException e) {
            throw new Pipeline.PipelineExecutionException(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Object directOptions(PipelineRunner<?> delegate, PipelineOptions options)
            throws ClassNotFoundException {
        Class<? extends PipelineOptions> c = (Class<? extends PipelineOptions>)
                Class.forName(OPTIONS, true, delegate.getClass().getClassLoader());
        return options.as(c);
    }

    private static void set(Object direct, boolean block) throws ReflectiveOperationException {
        Method m = direct.getClass().getMethod("setBlockOnRun", boolean.class);
        m.invoke(direct, block);
    }
}
