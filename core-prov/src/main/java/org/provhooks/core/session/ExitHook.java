package org.provhooks.core.session;

/**
 * Work that must happen if the JVM exits before the run ends on its own (SIGTERM, Ctrl-C, {@code System.exit}): a
 * shutdown hook, registered once and removed when the run ended normally. Adapters use it to still write a document,
 * marked failed, for a run that was stopped.
 *
 * <pre>{@code
 * ExitHook hook = ExitHook.register("provhooks-exit", () -> System.err.println("stopped before the end"));
 * hook.cancel();   // the run ended normally
 * }</pre>
 */
public final class ExitHook {
    private final Thread thread;

    private ExitHook(Thread thread) {
        this.thread = thread;
    }

    /** Registers {@code atExit} to run at JVM exit; when the JVM is already exiting, nothing is registered. */
    public static ExitHook register(String name, Runnable atExit) {
        Thread t = new Thread(atExit, name);
        try {
            Runtime.getRuntime().addShutdownHook(t);
            return new ExitHook(t);
        } catch (IllegalStateException e) {
            return new ExitHook(null); // already shutting down: whoever ends the run writes the document
        }
    }

    /**
     * The run ended on its own: the hook is not needed any more. Harmless when called from the hook itself or while
     * the JVM exits (the hook then runs and finds its work done).
     */
    public void cancel() {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // the JVM is exiting
        }
    }
}
