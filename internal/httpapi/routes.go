package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/sse"
)

// routes is the whole API on one screen. Every route here must also be in
// the authorization matrix test (authz_test.go).
func (s *server) routes(api huma.API) {
	const get, post, patch, put, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete

	// First run and identity.
	huma.Register(api, op("get-setup", get, "/api/v1/setup", "Whether first-run setup is needed", "Auth", 200), s.getSetup)
	huma.Register(api, op("setup", post, "/api/v1/setup", "Create the organisation and first admin", "Auth", 201), s.setup)
	huma.Register(api, op("login", post, "/api/v1/auth/login", "Sign in", "Auth", 200), s.login)
	huma.Register(api, op("logout", post, "/api/v1/auth/logout", "Sign out", "Auth", 204), s.logout)
	huma.Register(api, op("me", get, "/api/v1/auth/me", "The signed-in user", "Auth", 200), s.me)
	huma.Register(api, op("list-tokens", get, "/api/v1/tokens", "List your API tokens", "Tokens", 200), s.listTokens)
	huma.Register(api, op("create-token", post, "/api/v1/tokens", "Create an API token (the secret is shown once)", "Tokens", 201), s.createToken)
	huma.Register(api, op("revoke-token", del, "/api/v1/tokens/{id}", "Revoke an API token", "Tokens", 204), s.revokeToken)

	// Profile and account recovery.
	huma.Register(api, op("update-profile", patch, "/api/v1/auth/me", "Change your name", "Auth", 200), s.updateProfile)
	huma.Register(api, op("change-password", post, "/api/v1/auth/me/password", "Change your password (ends your other sessions)", "Auth", 204), s.changePassword)
	huma.Register(api, op("request-email-change", post, "/api/v1/auth/me/email", "Change your email (confirmed by a link)", "Auth", 202), s.requestEmailChange)
	huma.Register(api, op("confirm-email", post, "/api/v1/auth/email-confirm", "Confirm an email change", "Auth", 200), s.confirmEmail)
	huma.Register(api, op("request-password-reset", post, "/api/v1/auth/password-reset", "Email a password reset link", "Auth", 202), s.requestReset)
	huma.Register(api, op("confirm-password-reset", post, "/api/v1/auth/password-reset/confirm", "Set a new password from a reset link", "Auth", 204), s.confirmReset)

	// Members and invitations (Admins), and accepting an invitation (public).
	huma.Register(api, op("list-members", get, "/api/v1/members", "List members", "Members", 200), s.listMembers)
	huma.Register(api, op("change-member-role", patch, "/api/v1/members/{id}", "Change a member's role", "Members", 200), s.changeRole)
	huma.Register(api, op("put-member-grant", post, "/api/v1/members/{id}/grants", "Give a member a role on a site or page", "Members", 200), s.putGrant)
	huma.Register(api, op("delete-member-grant", del, "/api/v1/members/{id}/grants/{resourceType}/{resourceId}", "Remove a member's grant", "Members", 200), s.deleteGrant)
	huma.Register(api, op("deactivate-member", post, "/api/v1/members/{id}/deactivate", "Deactivate a member (ends their sessions and tokens)", "Members", 200), s.deactivateMember)
	huma.Register(api, op("reactivate-member", post, "/api/v1/members/{id}/reactivate", "Reactivate a member", "Members", 200), s.reactivateMember)
	huma.Register(api, op("remove-member", del, "/api/v1/members/{id}", "Remove a member", "Members", 204), s.removeMember)
	huma.Register(api, op("member-reset-link", post, "/api/v1/members/{id}/password-reset", "Make a password reset link for a member", "Members", 200), s.memberResetLink)
	huma.Register(api, op("list-invitations", get, "/api/v1/invitations", "List invitations", "Members", 200), s.listInvitations)
	huma.Register(api, op("invite", post, "/api/v1/invitations", "Invite someone by email", "Members", 201), s.invite)
	huma.Register(api, op("resend-invitation", post, "/api/v1/invitations/{id}/resend", "Resend an invitation with a new link", "Members", 200), s.resendInvitation)
	huma.Register(api, op("revoke-invitation", del, "/api/v1/invitations/{id}", "Revoke an invitation", "Members", 204), s.revokeInvitation)
	huma.Register(api, op("invitation-info", get, "/api/v1/invitations/accept", "Look at an invitation by its link token", "Members", 200), s.invitationInfo)
	huma.Register(api, op("accept-invitation", post, "/api/v1/invitations/accept", "Accept an invitation and sign in", "Members", 201), s.acceptInvitation)

	// Instance settings (Admins).
	huma.Register(api, op("get-email-settings", get, "/api/v1/settings/email", "Email server settings", "Settings", 200), s.getEmailSettings)
	huma.Register(api, op("put-email-settings", put, "/api/v1/settings/email", "Save email server settings", "Settings", 200), s.putEmailSettings)
	huma.Register(api, op("test-email-settings", post, "/api/v1/settings/email/test", "Send a test email", "Settings", 200), s.testEmailSettings)

	// Sites and pages.
	huma.Register(api, op("list-sites", get, "/api/v1/sites", "List sites", "Sites", 200), s.listSites)
	huma.Register(api, op("create-site", post, "/api/v1/sites", "Create a site", "Sites", 201), s.createSite)
	huma.Register(api, op("get-site", get, "/api/v1/sites/{site}", "Get a site", "Sites", 200), s.getSite)
	huma.Register(api, op("update-site", patch, "/api/v1/sites/{site}", "Update a site", "Sites", 200), s.updateSite)
	huma.Register(api, op("delete-site", del, "/api/v1/sites/{site}", "Delete a site and its pages", "Sites", 204), s.deleteSite)
	huma.Register(api, op("list-pages", get, "/api/v1/sites/{site}/pages", "List a site's pages", "Pages", 200), s.listPages)
	huma.Register(api, op("create-page", post, "/api/v1/sites/{site}/pages", "Create a page", "Pages", 201), s.createPage)
	huma.Register(api, op("get-page", get, "/api/v1/pages/{page}", "Get a page", "Pages", 200), s.getPage)
	huma.Register(api, op("update-page", patch, "/api/v1/pages/{page}", "Rename a page or change its slug", "Pages", 200), s.updatePage)
	huma.Register(api, op("delete-page", del, "/api/v1/pages/{page}", "Delete a page", "Pages", 204), s.deletePage)
	huma.Register(api, documentOp(op("get-document", get, "/api/v1/pages/{page}/document", "Get a page's document (with ETag)", "Pages", 200)), s.getDocument)
	huma.Register(api, documentOp(op("put-document", put, "/api/v1/pages/{page}/document", "Replace a page's document (needs If-Match)", "Pages", 200)), s.putDocument)
	huma.Register(api, opsOp(op("document-ops", post, "/api/v1/pages/{page}/document/ops", "Apply edits to a page's document (needs If-Match)", "Pages", 200)), s.documentOps)

	// Versions.
	huma.Register(api, op("list-versions", get, "/api/v1/pages/{page}/versions", "A page's versions, newest first", "Versions", 200), s.listVersions)
	huma.Register(api, op("create-version", post, "/api/v1/pages/{page}/versions", "Save the page's current document as a version with a message", "Versions", 201), s.createVersion)
	huma.Register(api, op("get-version", get, "/api/v1/versions/{version}", "A version and its document", "Versions", 200), s.getVersion)
	huma.Register(api, op("restore-version", post, "/api/v1/versions/{version}/restore", "Make a version the page's document (needs If-Match of the page document)", "Versions", 200), s.restoreVersion)
	huma.Register(api, op("tag-version", post, "/api/v1/versions/{version}/tags/{tag}", "Tag a version (tags are unique per page)", "Versions", 200), s.tagVersion)
	huma.Register(api, op("untag-version", del, "/api/v1/versions/{version}/tags/{tag}", "Remove a tag from a version", "Versions", 200), s.untagVersion)
	huma.Register(api, op("diff-versions", get, "/api/v1/pages/{page}/diff", "Compare two versions of a page (or one and the current document)", "Versions", 200), s.diffVersions)
	huma.Register(api, op("list-branches", get, "/api/v1/pages/{page}/branches", "A page's branches", "Versions", 200), s.listBranches)
	huma.Register(api, op("create-branch", post, "/api/v1/pages/{page}/branches", "Start a branch from a version", "Versions", 201), s.createBranch)
	huma.Register(api, branchDocumentOp(op("get-branch-document", get, "/api/v1/pages/{page}/branches/{branch}/document", "A branch's document (ETag: its head version's number)", "Versions", 200)), s.getBranchDocument)
	huma.Register(api, branchDocumentOp(op("put-branch-document", put, "/api/v1/pages/{page}/branches/{branch}/document", "Save a branch's document as its next version (needs If-Match)", "Versions", 200)), s.putBranchDocument)
	huma.Register(api, op("merge-preview", get, "/api/v1/pages/{page}/branches/{branch}/merge", "What merging a branch would do: conflicts and changes", "Versions", 200), s.mergePreview)
	huma.Register(api, op("merge-branch", post, "/api/v1/pages/{page}/branches/{branch}/merge", "Merge a branch into the page (three-way, with choices for conflicts)", "Versions", 200), s.mergeBranch)
	huma.Register(api, op("get-version-policy", get, "/api/v1/sites/{site}/version-policy", "A site's version retention policy", "Versions", 200), s.getVersionPolicy)
	huma.Register(api, op("put-version-policy", put, "/api/v1/sites/{site}/version-policy", "Set a site's version retention policy", "Versions", 200), s.putVersionPolicy)

	// Components and rendering (one Go renderer for canvas, preview and builds).
	huma.Register(api, op("list-component-types", get, "/api/v1/component-types", "Component types for the palette and property panels", "Rendering", 200), s.listComponentTypes)
	huma.Register(api, renderOp(op("render", post, "/api/v1/render", "Render a document or one subtree for the editor canvas", "Rendering", 200)), s.render)
	huma.Register(api, htmlOp(op("page-preview", get, "/api/v1/pages/{page}/preview", "The page as it would publish", "Rendering", 200)), s.pagePreview)

	// Reusable components: the library of saved subtrees with exposed
	// props, semver versions, usage, deprecation and bulk updates of the
	// pages that use them (see components.go).
	huma.Register(api, op("list-components", get, "/api/v1/components", "Search the component library (components you can see, by name, with usage)", "Components", 200), s.listComponents)
	huma.Register(api, componentDocOp(op("create-component", post, "/api/v1/components", "Save a subtree as a reusable component (version 1.0.0)", "Components", 201)), s.createComponent)
	huma.Register(api, op("get-component", get, "/api/v1/components/{component}", "A component and its versions", "Components", 200), s.getComponent)
	huma.Register(api, op("update-component", patch, "/api/v1/components/{component}", "Change a component's name, description, category, tags or visibility", "Components", 200), s.updateComponent)
	huma.Register(api, op("delete-component", del, "/api/v1/components/{component}", "Delete a component no page uses (Admins)", "Components", 204), s.deleteComponent)
	huma.Register(api, op("get-component-version", get, "/api/v1/components/{component}/versions/{version}", "A component version: document and exposed props", "Components", 200), s.getComponentVersion)
	huma.Register(api, componentDocOp(op("publish-component-version", post, "/api/v1/components/{component}/versions", "Publish a new version (semver enforced against the exposed props)", "Components", 201)), s.publishComponentVersion)
	huma.Register(api, op("deprecate-component", post, "/api/v1/components/{component}/deprecate", "Deprecate a component, naming its replacement", "Components", 200), s.deprecateComponent)
	huma.Register(api, op("undeprecate-component", del, "/api/v1/components/{component}/deprecate", "Lift a component's deprecation", "Components", 200), s.undeprecateComponent)
	huma.Register(api, op("component-usage", get, "/api/v1/components/{component}/usage", "The pages that use a component, with versions and revisions", "Components", 200), s.componentUsage)
	huma.Register(api, op("component-bulk-update-preview", post, "/api/v1/components/{component}/bulk-update/preview", "What moving one page's instances to a version would do (nothing is stored)", "Components", 200), s.bulkUpdatePreview)
	huma.Register(api, op("component-bulk-update", post, "/api/v1/components/{component}/bulk-update", "Move the instances on pages to a version, all pages in one transaction (412 if one changed)", "Components", 200), s.bulkUpdateComponent)

	// Template marketplace: browse, preview, rate and install; Admins
	// publish pages and sections as templates.
	huma.Register(api, op("list-templates", get, "/api/v1/templates", "Search and browse templates (full text, category, sort)", "Templates", 200), s.listTemplates)
	huma.Register(api, op("publish-template", post, "/api/v1/templates", "Publish a page, or one section of it, as a template", "Templates", 201), s.publishTemplate)
	huma.Register(api, op("get-template", get, "/api/v1/templates/{template}", "A template and its versions", "Templates", 200), s.getTemplate)
	huma.Register(api, op("update-template", patch, "/api/v1/templates/{template}", "Change a template's name, description, category, tags or visibility", "Templates", 200), s.updateTemplate)
	huma.Register(api, op("delete-template", del, "/api/v1/templates/{template}", "Delete a template (pages made from it stay)", "Templates", 204), s.deleteTemplate)
	huma.Register(api, op("add-template-version", post, "/api/v1/templates/{template}/versions", "Publish a page as the template's next version", "Templates", 201), s.addTemplateVersion)
	huma.Register(api, op("install-template", post, "/api/v1/templates/{template}/install", "Install a template into a site as a new page", "Templates", 201), s.installTemplate)
	huma.Register(api, htmlOp(op("template-preview", get, "/api/v1/templates/{template}/preview", "A template version rendered as a page (?site= wears that site's design system)", "Templates", 200)), s.templatePreview)
	huma.Register(api, op("get-template-document", get, "/api/v1/templates/{template}/document", "A template version's page document (?version=, default the current one)", "Templates", 200), s.templateDocument)
	huma.Register(api, pngOp(op("template-thumbnail", get, "/api/v1/templates/{template}/thumbnail", "A template's rendered thumbnail (404 until one is made)", "Templates", 200)), s.templateThumbnail)
	huma.Register(api, op("list-template-reviews", get, "/api/v1/templates/{template}/reviews", "A template's ratings and reviews, newest first, with a summary", "Templates", 200), s.listTemplateReviews)
	huma.Register(api, op("put-template-review", put, "/api/v1/templates/{template}/reviews/mine", "Rate and review a template (replaces your review)", "Templates", 200), s.putTemplateReview)
	huma.Register(api, op("delete-template-review", del, "/api/v1/templates/{template}/reviews/mine", "Delete your review", "Templates", 204), s.deleteTemplateReview)

	// Design system (tokens): per site, with ETag/If-Match, exports and history.
	huma.Register(api, op("get-design-system", get, "/api/v1/sites/{site}/design-system", "Get a site's design tokens (with ETag) and their contrast warnings", "Design system", 200), s.getDesignSystem)
	huma.Register(api, designSystemOp(op("put-design-system", put, "/api/v1/sites/{site}/design-system", "Replace a site's design tokens (needs If-Match; reports contrast warnings)", "Design system", 200)), s.putDesignSystem)
	huma.Register(api, exportOp(op("export-design-system", get, "/api/v1/sites/{site}/design-system/export", "Export the design tokens as CSS, SCSS, JSON or a Tailwind theme", "Design system", 200)), s.exportDesignSystem)
	huma.Register(api, op("design-system-history", get, "/api/v1/sites/{site}/design-system/history", "Who changed the design tokens, when, and what", "Design system", 200), s.designSystemHistory)
	huma.Register(api, op("design-system-tokens", get, "/api/v1/sites/{site}/design-system/tokens", "The design tokens resolved and flattened, per theme, for pickers", "Design system", 200), s.designSystemTokens)

	// Assets: a site's image library (upload is multipart; see assets.go).
	s.registerUpload(api, op("upload-asset", post, "/api/v1/sites/{site}/assets", "Upload an image (multipart: file, alt)", "Assets", 201))
	huma.Register(api, op("list-assets", get, "/api/v1/sites/{site}/assets", "List and search a site's images, newest first", "Assets", 200), s.listAssets)
	huma.Register(api, op("get-asset", get, "/api/v1/assets/{asset}", "Get an image", "Assets", 200), s.getAsset)
	huma.Register(api, op("update-asset", patch, "/api/v1/assets/{asset}", "Change an image's alt text or name", "Assets", 200), s.updateAsset)
	huma.Register(api, assetDeleteOp(op("delete-asset", del, "/api/v1/assets/{asset}", "Delete an image", "Assets", 204)), s.deleteAsset)
	huma.Register(api, assetFileOp(op("get-asset-file", get, "/api/v1/assets/{asset}/file", "An image's bytes, or a smaller variant (?w=)", "Assets", 200)), s.assetFile)

	// Environments and deployments.
	huma.Register(api, op("list-environments", get, "/api/v1/sites/{site}/environments", "A site's environments (development and production are made on first use)", "Environments", 200), s.listEnvironments)
	huma.Register(api, op("create-environment", post, "/api/v1/sites/{site}/environments", "Add a staging or preview environment", "Environments", 201), s.createEnvironment)
	huma.Register(api, op("compare-environments", get, "/api/v1/sites/{site}/environments/compare", "Which pages and versions differ between two environments", "Environments", 200), s.compareEnvironments)
	huma.Register(api, op("get-environment", get, "/api/v1/sites/{site}/environments/{env}", "An environment", "Environments", 200), s.getEnvironment)
	huma.Register(api, op("update-environment", patch, "/api/v1/sites/{site}/environments/{env}", "Change an environment's configuration, access, approval or domain", "Environments", 200), s.updateEnvironment)
	huma.Register(api, op("delete-environment", del, "/api/v1/sites/{site}/environments/{env}", "Delete a staging or preview environment", "Environments", 204), s.deleteEnvironment)
	huma.Register(api, op("put-environment-secret", put, "/api/v1/sites/{site}/environments/{env}/secrets/{name}", "Set a secret (sealed at rest, never shown again)", "Environments", 200), s.putSecret)
	huma.Register(api, op("delete-environment-secret", del, "/api/v1/sites/{site}/environments/{env}/secrets/{name}", "Remove a secret", "Environments", 204), s.deleteSecret)
	huma.Register(api, op("create-deployment", post, "/api/v1/sites/{site}/environments/{env}/deployments", "Deploy the site's pages to the environment (202: follow the deployment)", "Deployments", 202), s.createDeployment)
	huma.Register(api, op("list-deployments", get, "/api/v1/sites/{site}/environments/{env}/deployments", "An environment's deployments, newest first", "Deployments", 200), s.listDeployments)
	huma.Register(api, op("get-deployment", get, "/api/v1/deployments/{deployment}", "A deployment: status, stages, progress and where it is served", "Deployments", 200), s.getDeployment)
	huma.Register(api, op("deployment-logs", get, "/api/v1/deployments/{deployment}/logs", "A deployment's log", "Deployments", 200), s.deploymentLogs)
	events := op("deployment-events", get, "/api/v1/deployments/{deployment}/events", "A deployment's state and log, live (server-sent events)", "Deployments", 200)
	events.Middlewares = huma.Middlewares{s.checkDeploymentReadable}
	sse.Register(api, events, deploymentEvents, s.streamDeployment)
	huma.Register(api, op("rollback-deployment", post, "/api/v1/deployments/{deployment}/rollback", "Make this earlier deployment live again, at once", "Deployments", 200), s.rollbackDeployment)
	huma.Register(api, op("promote-deployment", post, "/api/v1/deployments/{deployment}/promote", "Ship this deployment's artifact to another environment (no rebuild)", "Deployments", 202), s.promoteDeployment)
	huma.Register(api, op("approve-deployment", post, "/api/v1/deployments/{deployment}/approve", "Approve a deployment waiting for approval (not your own)", "Deployments", 200), s.approveDeployment)
	huma.Register(api, op("reject-deployment", post, "/api/v1/deployments/{deployment}/reject", "Reject a deployment waiting for approval, with a reason", "Deployments", 200), s.rejectDeployment)

	// Forms: what visitors sent through published forms (reading, exporting
	// and deleting submissions are audited Admin actions; see forms.go).
	huma.Register(api, op("list-forms", get, "/api/v1/sites/{site}/forms", "A site's published forms, with submission counts and settings", "Forms", 200), s.listForms)
	huma.Register(api, op("put-form-settings", put, "/api/v1/sites/{site}/forms/{form}", "Set a form's thank-you message or redirect", "Forms", 200), s.putFormSettings)
	huma.Register(api, op("list-form-submissions", get, "/api/v1/sites/{site}/forms/{form}/submissions", "A form's submissions, newest first (Admins; audited)", "Forms", 200), s.listFormSubmissions)
	huma.Register(api, csvOp(op("export-form-submissions", get, "/api/v1/sites/{site}/forms/{form}/submissions.csv", "Export a form's submissions as CSV (Admins; audited)", "Forms", 200)), s.exportFormSubmissions)
	huma.Register(api, op("delete-form-submission", del, "/api/v1/sites/{site}/forms/{form}/submissions/{submission}", "Delete a submission (Admins; audited)", "Forms", 204), s.deleteFormSubmission)

	// Compliance.
	huma.Register(api, op("list-audit", get, "/api/v1/audit", "Search the audit log (Admins)", "Audit", 200), s.listAudit)
}
