package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provhooks.testkit.JavadocExamples;

/**
 * The test kit's Javadoc examples compile against its current API. Checked here, where the kit's WireMock is on the
 * class path; the plugin itself has no Java API (its examples are {@code nextflow.config} snippets).
 */
class JavadocExamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"testkit"})
    void javadocExamplesCompile(String module) {
        Path sources = Path.of("..", module, "src", "main", "java");
        assertTrue(JavadocExamples.count(sources) > 0, "no examples found under " + sources);
        List<String> errors = JavadocExamples.compile(sources, System.getProperty("java.class.path"));
        assertTrue(errors.isEmpty(), () -> module + ":\n" + String.join("\n", errors));
    }
}
