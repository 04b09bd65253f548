package org.provhooks.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provhooks.testkit.JavadocExamples;

/** Every Javadoc example of the modules the examples depend on compiles against their current API. */
class JavadocExamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"core-prov", "beam-listener", "airflow-bridge", "examples"})
    void javadocExamplesCompile(String module) {
        Path sources = Path.of("..", module, "src", "main", "java");
        assertTrue(JavadocExamples.count(sources) > 0, "no examples found under " + sources);
        List<String> errors = JavadocExamples.compile(sources, System.getProperty("java.class.path"));
        assertTrue(errors.isEmpty(), () -> module + ":\n" + String.join("\n", errors));
    }
}
