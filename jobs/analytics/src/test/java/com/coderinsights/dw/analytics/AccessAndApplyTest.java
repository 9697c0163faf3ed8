package com.coderinsights.dw.analytics;

import static com.coderinsights.dw.analytics.TrinoNode.analyst;
import static com.coderinsights.dw.analytics.TrinoNode.failure;
import static com.coderinsights.dw.analytics.TrinoNode.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.core.io.FileTrees;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access rules of {@code conf/trino/rules.json} on the real node: analysts read the analytics views and
 * nothing else (bronze and silver hold e-mails, IP addresses and raw logs); nobody writes the Delta tables from
 * Trino. And applying the catalog again is harmless.
 */
class AccessAndApplyTest {

    private static Path lake;

    @BeforeAll
    static void buildLake() {
        lake = TrinoNode.newLake("access");
        SmallDeployment.build(lake.resolveSibling("access-landing"), lake);
        TrinoNode.apply(lake);
    }

    @Test
    void analystsSeeOnlyTheAnalyticsSchema() {
        assertThat(analyst("SHOW SCHEMAS FROM delta")).containsExactly("analytics");
        assertThat(analyst("SELECT count(*) FROM analytics.template_usage")).containsExactly("12");
        for (String table : List.of("silver.users", "silver.workspace_app_sessions", "silver.workspaces", "bronze.workspace_agent_stats",
                "bronze.users", "bronze.workspace_app_stats", "gold.template_usage_stats")) {
            assertThat(failure("analyst", "SELECT * FROM " + table)).as(table).contains("Access Denied");
        }
        // no way around the views: the columns they leave out stay out
        assertThat(analyst("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'analytics'"
                + " AND (column_name LIKE '%email%' OR column_name IN ('ip', 'ip_address', 'user_agent'))")).containsExactly("0");
    }

    @Test
    void theDeltaCatalogIsReadOnlyFromTrino_forAnalystsAndTheAdministrator() {
        for (String user : List.of("analyst", ApplyAnalytics.ADMIN)) {
            assertThat(failure(user, "INSERT INTO gold.template_usage_stats SELECT * FROM gold.template_usage_stats LIMIT 1")).as(user)
                    .contains("Access Denied");
            assertThat(failure(user, "DELETE FROM silver.users")).as(user).contains("Access Denied");
            assertThat(failure(user, "UPDATE gold.template_usage_stats SET usage_mins = 0")).as(user).contains("Access Denied");
        }
        assertThat(failure("analyst", "CREATE TABLE analytics.mine AS SELECT 1 AS x")).contains("Access Denied");
        assertThat(failure("analyst", "CREATE OR REPLACE VIEW analytics.template_usage AS SELECT 1 AS x")).contains("Access Denied");
        assertThat(failure("analyst", "CALL system.register_table(schema_name => 'analytics', table_name => 'x', "
                + "table_location => 'local:///access/silver/users')")).contains("Access Denied");
        assertThat(analyst("SELECT count(*) FROM analytics.template_usage")).containsExactly("12");
    }

    @Test
    void applyingAgainChangesNothing_andFollowsATableThatMoved() {
        List<String> before = analyst("SELECT * FROM analytics.user_usage ORDER BY start_time, user_id");
        ApplyAnalytics.Outcome again = TrinoNode.apply(lake);
        assertThat(again.registered()).isEmpty();
        assertThat(again.moved()).isEmpty();
        assertThat(again.unregistered()).isEmpty();
        assertThat(again.unchanged()).isPositive();
        assertThat(again.views()).hasSize(ApplyAnalytics.viewFiles(TrinoNode.ROOT.resolve("sql")).size());
        assertThat(analyst("SELECT * FROM analytics.user_usage ORDER BY start_time, user_id")).isEqualTo(before);

        // the same tables in another lake folder: registered there, and the views read them
        Path copy = TrinoNode.newLake("access-copy");
        FileTrees.copy(lake, copy);
        ApplyAnalytics.Outcome moved = TrinoNode.apply(copy);
        assertThat(moved.moved()).contains("gold.template_usage_stats", "silver.users");
        assertThat(query(ApplyAnalytics.ADMIN, "SHOW CREATE TABLE gold.template_usage_stats").get(0)).contains("local:///access-copy/gold");
        assertThat(analyst("SELECT * FROM analytics.user_usage ORDER BY start_time, user_id")).isEqualTo(before);
        TrinoNode.apply(lake);
    }

    @Test
    void aLakeWithoutItsTablesSkipsTheViewsThatReadThem_andSaysWhy() throws java.sql.SQLException {
        Path empty = TrinoNode.newLake("access-empty");
        try {
            ApplyAnalytics.Outcome o = new ApplyAnalytics(TrinoNode.url(), empty, TrinoNode.location(empty),
                    TrinoNode.ROOT.resolve("sql")).apply();
            assertThat(o.registered()).isEmpty();
            assertThat(o.unregistered()).contains("gold.template_usage_stats", "silver.users");
            assertThat(o.views()).isEmpty();
            assertThat(o.skipped()).hasSize(ApplyAnalytics.viewFiles(TrinoNode.ROOT.resolve("sql")).size());
            assertThat(o.skipped().get("analytics.template_usage")).contains("does not exist");
        } finally {
            TrinoNode.apply(lake);
        }
        assertThat(analyst("SELECT count(*) FROM analytics.template_usage")).containsExactly("12");
    }
}
