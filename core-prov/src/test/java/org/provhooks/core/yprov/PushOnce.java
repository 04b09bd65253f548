package org.provhooks.core.yprov;

import java.nio.file.Path;

/** Child-process entry point of the streaming test: pushes one file with a tiny heap. */
public final class PushOnce {
    private PushOnce() {}

    public static void main(String[] args) throws Exception {
        new YProvClient(YProvConfig.of(args[0], "jdoe", "s3cret", null)).put("big-doc", Path.of(args[1]));
        System.out.println("pushed with max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }
}
