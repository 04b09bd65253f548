package org.provhooks.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.RunDocumentRecognizer;
import org.provhooks.core.model.Document;
import org.provhooks.core.validate.Problem;
import org.provhooks.core.validate.Validator;

/**
 * Coverage-guided fuzzing of everything that reads PROV-JSON. Any input may be refused, but only with the reader's
 * own one-line {@link ProvFormatException} (or validator problems), never another exception or a hang. In
 * {@code ./mvnw verify} the regression corpus under {@code src/test/resources/.../ProvJsonFuzzTestInputs} runs; to
 * fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl core-prov test -Dtest=ProvJsonFuzzTest}.
 */
class ProvJsonFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void reader(byte[] input) throws IOException {
        read(input);
    }

    @FuzzTest(maxDuration = "2m")
    void validator(byte[] input) throws IOException {
        List<Problem> problems = Validator.validate(new ByteArrayInputStream(input), "fuzz.json");
        for (Problem p : problems) {
            assertFalse(p.format().contains("\n"), p.format());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void runDocumentRecognizer(byte[] input) throws IOException {
        Document d = read(input);
        if (d != null) {
            RunDocumentRecognizer.recognize(d);
        }
    }

    private static Document read(byte[] input) throws IOException {
        try {
            return ProvJsonReader.read(new ByteArrayInputStream(input));
        } catch (ProvFormatException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return null;
        }
    }
}
