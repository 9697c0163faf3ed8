package com.coderinsights.dw.serving;

import static com.coderinsights.dw.analytics.SmallDeployment.ORG_ACME;
import static com.coderinsights.dw.analytics.SmallDeployment.ORG_BETA;
import static com.coderinsights.dw.analytics.SmallDeployment.T1;
import static com.coderinsights.dw.analytics.SmallDeployment.T2;
import static com.coderinsights.dw.analytics.SmallDeployment.T3;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;

import java.nio.file.Path;
import java.util.List;

import com.coderinsights.dw.spark.jobs.testing.Landings;

/**
 * The people and rules of the authorization matrix, added to the hand-made deployment (same arrival hour;
 * the templates' later versions carry the ACLs):
 *
 * <pre>
 * organizations  acme: python (T1), go (T2)        beta: gpu (T3), cuda (T4, no usage)
 * olivia   site owner                   audrey  site auditor            tess   site template-admin
 * oscar    organization-admin of acme   tina    ACL admin (["*"]) of T3  gary   in group gpu-admins, the group is
 *                                                                                ACL admin of T4
 * mia      plain member of acme, ACL "use" (["read","use"]) on T1        carol  (of the deployment) member of both
 * </pre>
 */
final class AccessFixture {

    static final String T4 = uuid(33);
    static final String OLIVIA = uuid(500);
    static final String AUDREY = uuid(501);
    static final String TESS = uuid(502);
    static final String OSCAR = uuid(503);
    static final String TINA = uuid(504);
    static final String GARY = uuid(505);
    static final String MIA = uuid(506);
    static final String GPU_ADMINS = uuid(520);

    private AccessFixture() {
    }

    static void writeLandings(Path landing) {
        String d = "2026-11-05";
        int h = 23;
        Landings.write(landing, "users", d, h, "access-users.ndjson", List.of(
                user(OLIVIA, "olivia", "[\"owner\"]"), user(AUDREY, "audrey", "[\"auditor\"]"),
                user(TESS, "tess", "[\"template-admin\"]"), user(OSCAR, "oscar", "[]"), user(TINA, "tina", "[]"),
                user(GARY, "gary", "[]"), user(MIA, "mia", "[]")));
        Landings.write(landing, "organization_members", d, h, "access-members.ndjson", List.of(
                member(OLIVIA, ORG_ACME, "[]"), member(OSCAR, ORG_ACME, "[\"organization-admin\"]"), member(MIA, ORG_ACME, "[]"),
                member(TINA, ORG_BETA, "[]"), member(GARY, ORG_BETA, "[]")));
        Landings.write(landing, "groups", d, h, "access-groups.ndjson", List.of(
                "{\"id\":\"" + GPU_ADMINS + "\",\"name\":\"gpu-admins\",\"organization_id\":\"" + ORG_BETA + "\"}"));
        Landings.write(landing, "group_members", d, h, "access-group-members.ndjson", List.of(
                "{\"group_id\":\"" + GPU_ADMINS + "\",\"user_id\":\"" + GARY + "\"}"));
        // later versions of the templates (updated_at 2026-02-01) with their ACLs; the Everyone group (id = the
        // organization's) may use every template, which grants no insights
        Landings.write(landing, "templates", d, h, "access-templates.ndjson", List.of(
                template(T1, ORG_ACME, "python", "{\"" + MIA + "\":[\"read\",\"use\"]}", "{\"" + ORG_ACME + "\":[\"read\",\"use\"]}"),
                template(T2, ORG_ACME, "go", "{}", "{}"),
                template(T3, ORG_BETA, "gpu", "{\"" + TINA + "\":[\"*\"]}", "{\"" + ORG_BETA + "\":[\"read\",\"use\"]}"),
                template(T4, ORG_BETA, "cuda", "{}", "{\"" + GPU_ADMINS + "\":[\"*\"]}")));
    }

    private static String user(String id, String username, String roles) {
        return "{\"id\":\"" + id + "\",\"email\":\"" + username + "@example.com\",\"username\":\"" + username + "\",\"name\":\""
                + Character.toUpperCase(username.charAt(0)) + username.substring(1) + "\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"status\":\"active\","
                + "\"rbac_roles\":" + roles + "}";
    }

    private static String member(String user, String org, String roles) {
        return "{\"user_id\":\"" + user + "\",\"organization_id\":\"" + org
                + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"roles\":" + roles + "}";
    }

    private static String template(String id, String org, String name, String userAcl, String groupAcl) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-02-01T00:00:00Z\","
                + "\"organization_id\":\"" + org + "\",\"name\":\"" + name + "\",\"display_name\":\"" + name.toUpperCase()
                + "\",\"user_acl\":" + userAcl + ",\"group_acl\":" + groupAcl + "}";
    }

}
