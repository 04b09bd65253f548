package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provhooks.beam.TestPipelines.attr;
import static org.provhooks.beam.TestPipelines.workflow;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.validate.Validator;
import org.provhooks.testkit.SecretCorpus;

/** Beam options carrying secrets in every shape: none reaches the document or the telemetry files. */
class SecretsTest {
    @TempDir
    Path dir;

    /** Options of a pipeline that talks to a database and a service. */
    public interface ServiceOptions extends PipelineOptions {
        String getJdbcUrl();

        void setJdbcUrl(String v);

        String getDbPassword();

        void setDbPassword(String v);

        String getServiceConfigJson();

        void setServiceConfigJson(String v);

        String getAuthHeader();

        void setAuthHeader(String v);

        String getSigningKeyPem();

        void setSigningKeyPem(String v);

        String getDbHost();

        void setDbHost(String v);
    }

    private static String value(String shape) {
        return SecretCorpus.VALUE_SHAPES.stream()
                .filter(s -> s.name().equals(shape))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void optionsWithSecretsInEveryShapeLeaveNoTrace() throws Exception {
        PipelineOptionsFactory.register(ServiceOptions.class);
        ProvenanceOptions o = TestPipelines.options(dir);
        ServiceOptions s = o.as(ServiceOptions.class);
        s.setJdbcUrl(value("url"));
        s.setDbPassword(SecretCorpus.NESTED_SECRET);
        s.setServiceConfigJson(value("json"));
        s.setAuthHeader(value("bearer"));
        s.setSigningKeyPem(value("pem"));
        s.setDbHost("db.example.org");
        Pipeline p = Pipeline.create(o);
        p.apply("Rows", Create.of("a", "b"))
                .apply("Upper", MapElements.into(TypeDescriptors.strings()).via((String x) -> x.toUpperCase()));

        p.run().waitUntilFinish();
        // Warnings go through the run session, which masks every line it prints (RunSessionTest).
        assertEquals(List.of(), SecretCorpus.leaks(List.of(Path.of(o.getProvenanceOutput()))));
        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals("db.example.org", attr(workflow(d), "param.dbHost"));
        assertTrue(String.valueOf(attr(workflow(d), "param.jdbcUrl")).contains("db.example.org"));
    }
}
