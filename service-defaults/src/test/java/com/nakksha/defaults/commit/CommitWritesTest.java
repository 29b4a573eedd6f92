package com.nakksha.defaults.commit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitWritesTest {

    @Test
    void aPrefixedWriteRenamesItsParametersAndLeavesCastsAndOtherColonsAlone() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", 7);
        parameters.put("ids", new String[] {"a"});
        CommitWrites.Write write = new CommitWrites.Write(
                "UPDATE t SET x = :id::int, at = '12:30'::time WHERE y = ANY(:ids::text[]) AND z = :id", parameters);

        CommitWrites.Write prefixed = write.prefixed("c1_");

        assertThat(prefixed.sql()).isEqualTo(
                "UPDATE t SET x = :c1_id::int, at = '12:30'::time WHERE y = ANY(:c1_ids::text[]) AND z = :c1_id");
        assertThat(prefixed.parameters()).containsOnlyKeys("c1_id", "c1_ids");
        assertThat(prefixed.parameters().get("c1_id")).isEqualTo(7);
    }
}
