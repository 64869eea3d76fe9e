// Package httpapi is Pagewright's HTTP API: huma on net/http, OpenAPI 3.1 at
// /api/openapi.json, RFC 9457 problems. routes.go lists every route; each
// domain has a file of short handlers that call its service.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/mail"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/symbol"
	"github.com/pagewright/pagewright/internal/template"
	"github.com/pagewright/pagewright/internal/user"
	"github.com/pagewright/pagewright/internal/version"
)

// Version is the build version shown in the OpenAPI document.
var Version = "dev"

// Deps are the services the API calls.
type Deps struct {
	Users   *user.Service
	Sites   *site.Service
	Pages   *page.Service
	Audit   *audit.Service
	Mail    *mail.Service
	Ready   func(ctx context.Context) error // nil error when the database and jobs are up
	Metrics http.Handler
	UI      http.Handler // the embedded web app, for every non-API path
	Logger  *slog.Logger
	// SecureCookies marks cookies Secure (set when served over TLS).
	SecureCookies bool

	// DesignSystems serves the per-site design tokens.
	DesignSystems *designsystem.Service
	// Assets is each site's image library.
	Assets *asset.Service
	// Versions is the pages' version history.
	Versions *version.Service
	// Environments and Deployments publish sites.
	Environments *environment.Service
	Deployments  *deploy.Service
	// Forms lists published forms and their (sealed) submissions.
	Forms *form.Service
	// Symbols loads the component versions a render needs (the refs of a
	// document's instances, and those inside them); nil renders no
	// instances.
	Symbols func(ctx context.Context, refs []string) (render.SymbolResolver, error)
	// Templates is the template marketplace; Blobs holds its thumbnails.
	Templates *template.Service
	Blobs     blob.Store
	// Components is the reusable component library.
	Components *symbol.Service
}

type server struct {
	Deps
	users *user.Service
}

// New returns the whole HTTP handler: API, health, metrics and the web app.
func New(d Deps) http.Handler {
	if d.Symbols == nil {
		d.Symbols = func(context.Context, []string) (render.SymbolResolver, error) { return nil, nil }
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &server{Deps: d, users: d.Users}
	mux := http.NewServeMux()
	api := NewAPI(mux)
	s.routes(api)
	mux.HandleFunc("GET /api/docs", s.docsPage(api))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if d.Metrics != nil {
		mux.Handle("GET /metrics", d.Metrics)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, 404, "route.not_found", "There is no API route "+r.Method+" "+r.URL.Path+". See /api/docs.")
	})
	if d.UI != nil {
		mux.Handle("/", d.UI)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, 403, "auth.cross_origin", "Cross-origin requests are not allowed.")
	}))
	return observe(d.Logger, securityHeaders(d.SecureCookies, cop.Handler(s.authenticate(mux))))
}

// NewAPI creates the huma API on mux with Pagewright's conventions.
func NewAPI(mux *http.ServeMux) huma.API {
	cfg := huma.DefaultConfig("Pagewright API", Version)
	cfg.Info.Description = "The API behind Pagewright's editor and admin. Authenticate with the session cookie " +
		"(writes then need the X-CSRF-Token header from /api/v1/auth/me) or with an Authorization: Bearer <API token> header. " +
		"Errors are RFC 9457 problem documents with a stable code."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = "" // served by docsPage, without a CDN
	cfg.SchemasPath = "/api/schemas"
	cfg.CreateHooks = nil // no $schema link fields in bodies
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaTypeName)
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"session": {Type: "apiKey", In: "cookie", Name: sessionCookie},
		"bearer":  {Type: "http", Scheme: "bearer"},
	}
	cfg.Security = []map[string][]string{{"session": {}}, {"bearer": {}}}
	return humago.New(mux, cfg)
}

// schemaTypeName is huma's default schema name, with "Doc" before the names
// of docdiff's types (DocChange, DocConflict, …), whose plain names
// (Change, Result) other packages' API types already use.
func schemaTypeName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if strings.HasSuffix(t.PkgPath(), "/internal/docdiff") {
		return "Doc" + name
	}
	// Reusable components (internal/symbol): Component, ComponentVersion,
	// ComponentExposed, … (version history already has a Version).
	if strings.HasSuffix(t.PkgPath(), "/internal/symbol") && !strings.HasPrefix(name, "Component") {
		return "Component" + name
	}
	return name
}

// OpenAPI returns the API description, for generating clients.
func OpenAPI() *huma.OpenAPI {
	s := &server{}
	api := NewAPI(http.NewServeMux())
	s.routes(api)
	return api.OpenAPI()
}

func (s *server) authSession(ctx context.Context, token string) (*access.Actor, user.Session, error) {
	return s.users.AuthenticateSession(ctx, token)
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.Ready != nil {
		if err := s.Ready(r.Context()); err != nil {
			s.Logger.WarnContext(r.Context(), "not ready", "err", err)
			writeProblem(w, r, 503, "server.not_ready", "Not ready: "+err.Error())
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ready"}` + "\n"))
}

func itoa(n int) string { return strconv.Itoa(n) }

// publicOps need no sign-in; every other operation does.
var publicOps = map[string]bool{"get-setup": true, "setup": true, "login": true, "invitation-info": true,
	"accept-invitation": true, "request-password-reset": true, "confirm-password-reset": true}

// op describes an operation; tags group them in the docs.
func op(id, method, path, summary, tag string, status int) huma.Operation {
	o := huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Tags: []string{tag}, DefaultStatus: status,
		MaxBodyBytes: 64 << 10}
	if publicOps[id] {
		o.Security = []map[string][]string{{}}
	}
	return o
}
