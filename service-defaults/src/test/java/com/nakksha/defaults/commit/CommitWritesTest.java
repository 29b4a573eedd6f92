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

    @Test
    void theSameTextPrefixedAgainRenamesOnlyTheParametersOfEachWrite() {
        String sql = "SELECT :a + :b, ':c'";

        CommitWrites.Write first = new CommitWrites.Write(sql, Map.of("a", 1)).prefixed("c0_");
        CommitWrites.Write second = new CommitWrites.Write(sql, Map.of("a", 1, "b", 2)).prefixed("c1_");
        CommitWrites.Write third = new CommitWrites.Write(sql, Map.of("b", 2)).prefixed("c2_");

        assertThat(first.sql()).isEqualTo("SELECT :c0_a + :b, ':c'");
        assertThat(second.sql()).isEqualTo("SELECT :c1_a + :c1_b, ':c'");
        assertThat(third.sql()).isEqualTo("SELECT :a + :c2_b, ':c'");
    }

    @Test
    void aTextWithoutParametersOrEndingInOneIsKeptWhole() {
        assertThat(new CommitWrites.Write("SELECT 1", Map.of()).prefixed("c0_").sql()).isEqualTo("SELECT 1");
        assertThat(new CommitWrites.Write("SELECT :x", Map.of("x", 1)).prefixed("c0_").sql()).isEqualTo("SELECT :c0_x");
    }
}
