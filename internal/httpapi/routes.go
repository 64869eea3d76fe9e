package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
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

	// Compliance.
	huma.Register(api, op("list-audit", get, "/api/v1/audit", "Search the audit log (Admins)", "Audit", 200), s.listAudit)
}
