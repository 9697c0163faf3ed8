package com.coderinsights.dw.serving.api;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated user of a request and what it may see: {@code view_insights} on every template (site roles
 * owner, template-admin, auditor), on every template of some organizations (organization-admin,
 * organization-template-admin, organization-auditor), and on single templates through their ACLs (the admin
 * role, ["*"], given to the user or to one of its groups).
 */
public record Caller(UUID userId, String username, Set<String> siteRoles, boolean siteInsights, Set<UUID> insightOrganizations,
                     Set<UUID> aclTemplates) {

    /** Whether the caller has view_insights on the template (of the organization). */
    boolean mayView(UUID templateId, UUID organizationId) {
        return siteInsights || insightOrganizations.contains(organizationId) || aclTemplates.contains(templateId);
    }

    /** Read on the deployment configuration: the route check of /insights/daus. */
    boolean mayReadDeployment() {
        return siteRoles.contains("owner") || siteRoles.contains("auditor");
    }
}
