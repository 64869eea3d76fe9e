// Package environment manages a site's environments: development and
// production exist for every site, staging and named previews are added on
// demand. Each has its configuration (base URL, API base URLs for data
// bindings, feature flags), secrets sealed at rest, access rules for the
// site server and an optional approval requirement for deploys.
package environment

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/netguard"
)

// Kinds of environment.
const (
	KindDevelopment = "development"
	KindStaging     = "staging"
	KindProduction  = "production"
	KindPreview     = "preview"
)

// Access modes for the site server.
const (
	AccessPublic = "public" // anyone
	AccessLogin  = "login"  // any signed-in member of the organisation
	AccessRoles  = "roles"  // signed-in members with one of Access.Roles
)

// Actions this package checks (only Admins hold them by default).
const (
	ActionManage access.Action = "environment:manage"
)

// Limits.
const (
	MaxName        = 100
	MaxSecrets     = 100
	MaxSecretBytes = 8 << 10
	MaxFlags       = 200
	MaxAPIBases    = 50
)

// Config is an environment's configuration.
type Config struct {
	// BaseURL is the environment's public URL when it is not served by the
	// built-in site server's path (a CDN in front, say); empty means the
	// URL the site server gives it.
	BaseURL string `json:"baseUrl" maxLength:"2000" doc:"Public URL when served elsewhere; empty: the site server's URL"`
	// APIBaseURLs name the base URLs data bindings call, per API.
	APIBaseURLs map[string]string `json:"apiBaseUrls" doc:"Base URL per API name, for data bindings"`
	// Features are feature flags the pages can test.
	Features map[string]bool `json:"features" doc:"Feature flags"`
	// Webhooks are told about this environment's deployments (signed with
	// the environment's WEBHOOK_SECRET secret).
	Webhooks []string `json:"webhooks,omitempty" maxItems:"5" doc:"URLs that get deployment events, signed with HMAC-SHA256 using the WEBHOOK_SECRET secret"`
	// Target, when set, is an S3-compatible bucket deployments are also
	// uploaded to (credentials: the S3_ACCESS_KEY_ID and
	// S3_SECRET_ACCESS_KEY secrets).
	Target *Target `json:"target,omitempty"`
}

// Target is an S3-compatible bucket a deployment is shipped to: each
// release under <prefix>releases/<id>/, and <prefix>current.json naming
// the live one, written in one PUT when the deployment goes live.
type Target struct {
	Kind      string `json:"kind" enum:"s3"`
	Endpoint  string `json:"endpoint" maxLength:"253" doc:"host or host:port, e.g. s3.eu-west-2.amazonaws.com"`
	Bucket    string `json:"bucket" maxLength:"63"`
	Region    string `json:"region,omitempty" maxLength:"64"`
	Prefix    string `json:"prefix,omitempty" maxLength:"200" doc:"Key prefix, e.g. sites/riverside/ (ends in /)"`
	Insecure  bool   `json:"insecure,omitempty" doc:"Plain HTTP (a local MinIO, say)"`
	PathStyle bool   `json:"pathStyle,omitempty" doc:"Path-style bucket addressing"`
}

// Access says who may see the environment on the site server.
type Access struct {
	Mode  string   `json:"mode" enum:"public,login,roles"`
	Roles []string `json:"roles" doc:"With mode roles: the roles allowed (viewer, editor, admin)"`
}

// SecretInfo names a secret; values never leave the server.
type SecretInfo struct {
	Name      string    `json:"name"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy,omitempty"`
}

// Environment is one place a site is deployed to.
type Environment struct {
	ID               string       `json:"id"`
	SiteID           string       `json:"siteId"`
	Slug             string       `json:"slug"`
	Name             string       `json:"name"`
	Kind             string       `json:"kind" enum:"development,staging,production,preview"`
	Config           Config       `json:"config"`
	Access           Access       `json:"access"`
	RequiresApproval bool         `json:"requiresApproval"`
	Domain           string       `json:"domain,omitempty" doc:"A host name attached to the environment: the site server serves it by Host header"`
	Position         int          `json:"position"`
	LiveDeploymentID string       `json:"liveDeploymentId,omitempty"`
	Secrets          []SecretInfo `json:"secrets"`
	// URL is where the environment is served (computed).
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Secret is a sealed secret as stored.
type Secret struct {
	EnvironmentID string
	Name          string
	Sealed        string
	UpdatedAt     time.Time
	UpdatedBy     string
}

// Store persists environments. Every write appends its audit entry in the
// same transaction.
type Store interface {
	ListEnvironments(ctx context.Context, siteID string) ([]Environment, error)
	GetEnvironment(ctx context.Context, id string) (Environment, error)
	// CreateEnvironments adds environments (errs.ErrDuplicate when a slug
	// or domain is taken; nothing is written then).
	CreateEnvironments(ctx context.Context, envs []Environment, e audit.Entry) error
	UpdateEnvironment(ctx context.Context, env Environment, e audit.Entry) error
	DeleteEnvironment(ctx context.Context, id string, e audit.Entry) error
	ListSecrets(ctx context.Context, envID string) ([]Secret, error)
	PutSecret(ctx context.Context, s Secret, e audit.Entry) error
	DeleteSecret(ctx context.Context, envID, name string, e audit.Entry) error
	// RotateSecrets re-seals every secret with reseal in one transaction.
	RotateSecrets(ctx context.Context, reseal func(Secret) (string, error), e audit.Entry) (int, error)
}

// Sealer seals and opens secrets (secret.Box).
type Sealer interface {
	Seal(plaintext []byte, aad string) (string, error)
	Open(sealed, aad string) ([]byte, error)
}

// Sites tells the service about a site.
type Sites interface {
	// SiteInfo returns a site's name and slug (errs.ErrNoRows if none).
	SiteInfo(ctx context.Context, id string) (name, slug string, err error)
}

// Service implements the environment operations with access checks.
type Service struct {
	Store Store
	Sites Sites
	Auth  access.Authorizer
	Box   Sealer
	// AllowPrivateURLs lets webhooks point at private addresses
	// (development and tests only).
	AllowPrivateURLs bool
	// PublicURL is the app's public URL (PAGEWRIGHT_BASE_URL); environments
	// without a domain or base URL are served under PublicURL/s/{site}/{env}/.
	PublicURL string
	Now       func() time.Time
	// Changed, when set, is called after an environment's access, domain
	// or existence changed, so that the site server applies it at once
	// (a protected environment must not stay public for a moment).
	Changed func()
}

func (s *Service) changed() {
	if s.Changed != nil {
		s.Changed()
	}
}

var (
	slugRule   = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)
	secretRule = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)
	flagRule   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,63}$`)
	hostRule   = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) site(ctx context.Context, siteID string, action access.Action) (name, slug string, err error) {
	name, slug, err = s.Sites.SiteInfo(ctx, siteID)
	if err == errs.ErrNoRows {
		return "", "", errs.NotFound("site")
	} else if err != nil {
		return "", "", err
	}
	return name, slug, s.Auth.Authorize(ctx, action, access.Site(siteID), name)
}

// URLFor is where an environment of the site with that slug is served.
func (s *Service) URLFor(env Environment, siteSlug string) string {
	switch {
	case env.Domain != "":
		return "https://" + env.Domain + "/"
	case env.Config.BaseURL != "":
		return strings.TrimSuffix(env.Config.BaseURL, "/") + "/"
	}
	return strings.TrimSuffix(s.PublicURL, "/") + "/s/" + siteSlug + "/" + env.Slug + "/"
}

// defaults are the environments every site has.
func (s *Service) defaults(siteID string) []Environment {
	now := s.now()
	mk := func(slug, name, kind string, pos int) Environment {
		return Environment{ID: uuid.Must(uuid.NewV7()).String(), SiteID: siteID, Slug: slug, Name: name, Kind: kind, Position: pos,
			Access: Access{Mode: AccessPublic, Roles: []string{}}, Config: Config{APIBaseURLs: map[string]string{}, Features: map[string]bool{}},
			CreatedAt: now, UpdatedAt: now}
	}
	dev := mk("development", "Development", KindDevelopment, 0)
	dev.Access.Mode = AccessLogin // work in progress is for the team
	return []Environment{dev, mk("production", "Production", KindProduction, 100)}
}

// List returns a site's environments, creating development and production
// the first time.
func (s *Service) List(ctx context.Context, siteID string) ([]Environment, error) {
	_, slug, err := s.site(ctx, siteID, access.PageView)
	if err != nil {
		return nil, err
	}
	envs, err := s.ensure(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for i := range envs {
		if err := s.decorate(ctx, &envs[i], slug); err != nil {
			return nil, err
		}
	}
	return envs, nil
}

// ensure returns a site's environments, creating the defaults when it has
// none yet (a concurrent creation is fine: the loser reads the winner's).
func (s *Service) ensure(ctx context.Context, siteID string) ([]Environment, error) {
	envs, err := s.Store.ListEnvironments(ctx, siteID)
	if err != nil || len(envs) > 0 {
		return envs, err
	}
	defs := s.defaults(siteID)
	e := audit.NewEntry(ctx, "environment.create", "site", siteID, "", audit.CategoryConfiguration, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"environments": []string{"development", "production"}, "defaults": true}}
	if err := s.Store.CreateEnvironments(ctx, defs, e); err != nil && err != errs.ErrDuplicate {
		return nil, err
	}
	return s.Store.ListEnvironments(ctx, siteID)
}

func (s *Service) decorate(ctx context.Context, env *Environment, siteSlug string) error {
	env.URL = s.URLFor(*env, siteSlug)
	secs, err := s.Store.ListSecrets(ctx, env.ID)
	if err != nil {
		return err
	}
	env.Secrets = make([]SecretInfo, len(secs))
	for i, x := range secs {
		env.Secrets[i] = SecretInfo{Name: x.Name, UpdatedAt: x.UpdatedAt, UpdatedBy: x.UpdatedBy}
	}
	return nil
}

// Get returns one environment of a site by id or slug.
func (s *Service) Get(ctx context.Context, siteID, ref string) (Environment, error) {
	_, slug, err := s.site(ctx, siteID, access.PageView)
	if err != nil {
		return Environment{}, err
	}
	env, err := s.find(ctx, siteID, ref)
	if err != nil {
		return Environment{}, err
	}
	return env, s.decorate(ctx, &env, slug)
}

// Find returns an environment of a site by id or slug, with the site's
// name and slug, without access checks: for the deploy service, which
// checks its own actions (errs.NotFound when there is none).
func (s *Service) Find(ctx context.Context, siteID, ref string) (env Environment, siteName, siteSlug string, err error) {
	siteName, siteSlug, err = s.Sites.SiteInfo(ctx, siteID)
	if err == errs.ErrNoRows {
		return Environment{}, "", "", errs.NotFound("site")
	} else if err != nil {
		return Environment{}, "", "", err
	}
	env, err = s.find(ctx, siteID, ref)
	return env, siteName, siteSlug, err
}

func (s *Service) find(ctx context.Context, siteID, ref string) (Environment, error) {
	envs, err := s.ensure(ctx, siteID)
	if err != nil {
		return Environment{}, err
	}
	for _, e := range envs {
		if e.ID == ref || e.Slug == ref {
			return e, nil
		}
	}
	return Environment{}, errs.NotFound("environment")
}

// CreateInput is a new staging or preview environment.
type CreateInput struct {
	Name string `json:"name" maxLength:"100"`
	Slug string `json:"slug,omitempty" maxLength:"40" doc:"Defaults to one made from the name"`
	Kind string `json:"kind" enum:"staging,preview"`
	// Copy the configuration (not the secrets) of another environment.
	From string `json:"from,omitempty" maxLength:"64" doc:"An environment (id or slug) whose configuration and access to copy"`
}

// Create adds a staging or preview environment.
func (s *Service) Create(ctx context.Context, siteID string, in CreateInput) (Environment, error) {
	siteName, siteSlug, err := s.site(ctx, siteID, ActionManage)
	if err != nil {
		return Environment{}, err
	}
	envs, err := s.ensure(ctx, siteID)
	if err != nil {
		return Environment{}, err
	}
	in.Name = strings.TrimSpace(in.Name)
	var fe []errs.FieldError
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxName {
		fe = append(fe, errs.Field("name", fmt.Sprintf("Enter a name (up to %d characters).", MaxName), in.Name))
	}
	if in.Slug == "" {
		in.Slug = slugFrom(in.Name)
	}
	if !slugRule.MatchString(in.Slug) {
		fe = append(fe, errs.Field("slug", "Use 1–40 lowercase letters, digits and hyphens, not starting or ending with a hyphen.", in.Slug))
	}
	if in.Kind != KindStaging && in.Kind != KindPreview {
		fe = append(fe, errs.Field("kind", "Choose staging or preview: development and production exist already.", in.Kind))
	}
	if in.Kind == KindStaging && slices.ContainsFunc(envs, func(e Environment) bool { return e.Kind == KindStaging }) {
		fe = append(fe, errs.Field("kind", "This site has a staging environment already; add a preview environment instead.", in.Kind))
	}
	if len(fe) > 0 {
		return Environment{}, errs.Invalid("environment.invalid", "Check the highlighted fields.", fe...)
	}
	now := s.now()
	env := Environment{ID: uuid.Must(uuid.NewV7()).String(), SiteID: siteID, Slug: in.Slug, Name: in.Name, Kind: in.Kind,
		Access: Access{Mode: AccessLogin, Roles: []string{}}, Config: Config{APIBaseURLs: map[string]string{}, Features: map[string]bool{}},
		Position: 50, CreatedAt: now, UpdatedAt: now}
	if in.Kind == KindPreview {
		env.Position = 60
	}
	if in.From != "" {
		src, err := s.find(ctx, siteID, in.From)
		if err != nil {
			return Environment{}, errs.Invalid("environment.invalid", "There is no environment "+in.From+" to copy from.", errs.Field("from", "unknown environment", in.From))
		}
		env.Config, env.Access, env.RequiresApproval = src.Config, src.Access, src.RequiresApproval
		env.Config.BaseURL = ""
	}
	e := audit.NewEntry(ctx, "environment.create", "environment", env.ID, siteName+" · "+env.Name, audit.CategoryConfiguration, audit.SeverityMedium)
	e.Changes = &audit.Changes{After: map[string]any{"siteId": siteID, "slug": env.Slug, "kind": env.Kind}}
	if err := s.Store.CreateEnvironments(ctx, []Environment{env}, e); err == errs.ErrDuplicate {
		return Environment{}, errs.Invalid("environment.slug_taken", "Another environment of this site has that slug.", errs.Field("slug", "taken", in.Slug))
	} else if err != nil {
		return Environment{}, err
	}
	return env, s.decorate(ctx, &env, siteSlug)
}

func slugFrom(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// ConfigInput changes an environment's configuration; absent fields are
// kept (send an empty value to clear one).
type ConfigInput struct {
	BaseURL     *string           `json:"baseUrl,omitempty" maxLength:"2000"`
	APIBaseURLs map[string]string `json:"apiBaseUrls,omitempty"`
	Features    map[string]bool   `json:"features,omitempty"`
	Webhooks    []string          `json:"webhooks,omitempty" maxItems:"5"`
	// Target replaces the bucket target; send {"kind": ""} to remove it.
	Target *Target `json:"target,omitempty"`
}

// UpdateInput changes an environment; nil fields are kept.
type UpdateInput struct {
	Name             *string      `json:"name,omitempty" maxLength:"100"`
	Config           *ConfigInput `json:"config,omitempty"`
	Access           *Access      `json:"access,omitempty"`
	RequiresApproval *bool        `json:"requiresApproval,omitempty"`
	Domain           *string      `json:"domain,omitempty" maxLength:"253" doc:"A host name (www.example.org); empty detaches"`
}

// Update changes an environment's name, configuration, access, approval
// requirement or domain.
func (s *Service) Update(ctx context.Context, siteID, ref string, in UpdateInput) (Environment, error) {
	siteName, siteSlug, err := s.site(ctx, siteID, ActionManage)
	if err != nil {
		return Environment{}, err
	}
	env, err := s.find(ctx, siteID, ref)
	if err != nil {
		return Environment{}, err
	}
	before := env
	var fe []errs.FieldError
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || utf8.RuneCountInString(n) > MaxName {
			fe = append(fe, errs.Field("name", fmt.Sprintf("Enter a name (up to %d characters).", MaxName), *in.Name))
		}
		env.Name = n
	}
	if c := in.Config; c != nil {
		if c.BaseURL != nil {
			env.Config.BaseURL = strings.TrimSpace(*c.BaseURL)
		}
		if c.APIBaseURLs != nil {
			env.Config.APIBaseURLs = c.APIBaseURLs
		}
		if c.Features != nil {
			env.Config.Features = c.Features
		}
		if c.Webhooks != nil {
			env.Config.Webhooks = c.Webhooks
		}
		if c.Target != nil {
			env.Config.Target = c.Target
			if c.Target.Kind == "" {
				env.Config.Target = nil
			}
		}
		fe = append(fe, checkConfig(env.Config, s.AllowPrivateURLs)...)
	}
	if in.Access != nil {
		fe = append(fe, checkAccess(*in.Access)...)
		env.Access = *in.Access
		if env.Access.Roles == nil || env.Access.Mode != AccessRoles {
			env.Access.Roles = []string{}
		}
	}
	if in.RequiresApproval != nil {
		env.RequiresApproval = *in.RequiresApproval
	}
	if in.Domain != nil {
		d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(*in.Domain), "."))
		if d != "" && (len(d) > 253 || !hostRule.MatchString(d)) {
			fe = append(fe, errs.Field("domain", "Enter a host name such as www.example.org (no scheme, port or path).", *in.Domain))
		}
		env.Domain = d
	}
	if len(fe) > 0 {
		return Environment{}, errs.Invalid("environment.invalid", "Check the highlighted fields.", fe...)
	}
	env.UpdatedAt = s.now()
	e := audit.NewEntry(ctx, "environment.update", "environment", env.ID, siteName+" · "+env.Name, audit.CategoryConfiguration, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: summary(before), After: summary(env)}
	if err := s.Store.UpdateEnvironment(ctx, env, e); err == errs.ErrDuplicate {
		return Environment{}, errs.Invalid("environment.domain_taken", "Another environment uses that domain.", errs.Field("domain", "taken", env.Domain))
	} else if err != nil {
		return Environment{}, err
	}
	s.changed()
	return env, s.decorate(ctx, &env, siteSlug)
}

// summary is what the audit log keeps of an environment (no secrets).
func summary(e Environment) map[string]any {
	return map[string]any{"name": e.Name, "config": e.Config, "access": e.Access, "requiresApproval": e.RequiresApproval, "domain": e.Domain}
}

func checkConfig(c Config, allowPrivate bool) []errs.FieldError {
	var fe []errs.FieldError
	if len(c.Webhooks) > 5 {
		fe = append(fe, errs.Field("config.webhooks", "at most 5 webhooks", nil))
	}
	for i, u := range c.Webhooks {
		if err := netguard.CheckURL(u, allowPrivate); err != nil {
			fe = append(fe, errs.Field(fmt.Sprintf("config.webhooks[%d]", i), "Enter a public http(s) URL: "+err.Error(), u))
		}
	}
	if c.BaseURL != "" {
		if !httpURL(c.BaseURL) {
			fe = append(fe, errs.Field("config.baseUrl", "Enter an http(s) URL such as https://www.example.org.", c.BaseURL))
		}
	}
	if t := c.Target; t != nil {
		fe = append(fe, checkTarget(*t, allowPrivate)...)
	}
	if len(c.APIBaseURLs) > MaxAPIBases {
		fe = append(fe, errs.Field("config.apiBaseUrls", fmt.Sprintf("at most %d", MaxAPIBases), nil))
	}
	for name, u := range c.APIBaseURLs {
		if !flagRule.MatchString(name) {
			fe = append(fe, errs.Field("config.apiBaseUrls."+name, "Name an API with letters, digits, '.', '-' or '_' (up to 64).", name))
		} else if !httpURL(u) {
			fe = append(fe, errs.Field("config.apiBaseUrls."+name, "Enter an http(s) URL.", u))
		}
	}
	if len(c.Features) > MaxFlags {
		fe = append(fe, errs.Field("config.features", fmt.Sprintf("at most %d flags", MaxFlags), nil))
	}
	for name := range c.Features {
		if !flagRule.MatchString(name) {
			fe = append(fe, errs.Field("config.features."+name, "Name a flag with letters, digits, '.', '-' or '_' (up to 64).", name))
		}
	}
	return fe
}

var (
	bucketRule = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixRule = regexp.MustCompile(`^(?:[A-Za-z0-9._-]+/)*$`)
)

func checkTarget(t Target, allowPrivate bool) []errs.FieldError {
	var fe []errs.FieldError
	if t.Kind != "s3" {
		fe = append(fe, errs.Field("config.target.kind", "The only target kind is s3 (send an empty kind to remove the target).", t.Kind))
	}
	if t.Endpoint == "" || strings.ContainsAny(t.Endpoint, "/@?#") {
		fe = append(fe, errs.Field("config.target.endpoint", "Enter the endpoint as host or host:port, without a scheme or path.", t.Endpoint))
	} else if err := netguard.CheckURL("https://"+t.Endpoint, allowPrivate); err != nil {
		fe = append(fe, errs.Field("config.target.endpoint", "The endpoint must be a public host: "+err.Error(), t.Endpoint))
	}
	if !bucketRule.MatchString(t.Bucket) {
		fe = append(fe, errs.Field("config.target.bucket", "Enter a bucket name: 3–63 lowercase letters, digits, dots and hyphens.", t.Bucket))
	}
	if !prefixRule.MatchString(t.Prefix) {
		fe = append(fe, errs.Field("config.target.prefix", "A prefix is folder names, each followed by a slash (sites/riverside/).", t.Prefix))
	}
	return fe
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && len(s) <= 2000 && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

func checkAccess(a Access) []errs.FieldError {
	switch a.Mode {
	case AccessPublic, AccessLogin:
		return nil
	case AccessRoles:
		if len(a.Roles) == 0 {
			return []errs.FieldError{errs.Field("access.roles", "Choose at least one role.", nil)}
		}
		for _, r := range a.Roles {
			if !access.Role(r).Valid() {
				return []errs.FieldError{errs.Field("access.roles", "Unknown role "+r+" (viewer, editor or admin).", r)}
			}
		}
		return nil
	}
	return []errs.FieldError{errs.Field("access.mode", "Choose public, login or roles.", a.Mode)}
}

// Delete removes a staging or preview environment.
func (s *Service) Delete(ctx context.Context, siteID, ref string) error {
	siteName, _, err := s.site(ctx, siteID, ActionManage)
	if err != nil {
		return err
	}
	env, err := s.find(ctx, siteID, ref)
	if err != nil {
		return err
	}
	if env.Kind == KindDevelopment || env.Kind == KindProduction {
		return errs.Conflict("environment.required", "Every site keeps its development and production environments; only staging and preview environments can be deleted.")
	}
	e := audit.NewEntry(ctx, "environment.delete", "environment", env.ID, siteName+" · "+env.Name, audit.CategoryConfiguration, audit.SeverityHigh)
	if err := s.Store.DeleteEnvironment(ctx, env.ID, e); err != nil {
		return err
	}
	s.changed()
	return nil
}

func secretAAD(envID, name string) string { return "environment." + envID + ".secret." + name }

// PutSecret sets a secret of an environment, sealed with the app's key.
func (s *Service) PutSecret(ctx context.Context, siteID, ref, name string, value []byte) (Environment, error) {
	siteName, siteSlug, err := s.site(ctx, siteID, ActionManage)
	if err != nil {
		return Environment{}, err
	}
	env, err := s.find(ctx, siteID, ref)
	if err != nil {
		return Environment{}, err
	}
	if !secretRule.MatchString(name) {
		return Environment{}, errs.Invalid("secret.invalid", "Name a secret in capitals, digits and underscores, starting with a letter (API_KEY).",
			errs.FieldError{Location: "path.name", Message: "must match ^[A-Z][A-Z0-9_]{0,63}$", Value: name})
	}
	if len(value) == 0 || len(value) > MaxSecretBytes {
		return Environment{}, errs.Invalid("secret.invalid", fmt.Sprintf("A secret's value has 1 to %d bytes.", MaxSecretBytes), errs.Field("value", "length", nil))
	}
	secs, err := s.Store.ListSecrets(ctx, env.ID)
	if err != nil {
		return Environment{}, err
	}
	if len(secs) >= MaxSecrets && !slices.ContainsFunc(secs, func(x Secret) bool { return x.Name == name }) {
		return Environment{}, errs.Conflict("secret.limit", fmt.Sprintf("An environment has at most %d secrets.", MaxSecrets))
	}
	sealed, err := s.Box.Seal(value, secretAAD(env.ID, name))
	if err != nil {
		return Environment{}, err
	}
	by := ""
	if a := access.ActorFrom(ctx); a != nil {
		by = a.UserID
	}
	e := audit.NewEntry(ctx, "environment.secret.set", "environment", env.ID, siteName+" · "+env.Name, audit.CategorySecurity, audit.SeverityHigh)
	e.Changes = &audit.Changes{After: map[string]any{"secret": name}} // never the value
	if err := s.Store.PutSecret(ctx, Secret{EnvironmentID: env.ID, Name: name, Sealed: sealed, UpdatedAt: s.now(), UpdatedBy: by}, e); err != nil {
		return Environment{}, err
	}
	return env, s.decorate(ctx, &env, siteSlug)
}

// DeleteSecret removes a secret.
func (s *Service) DeleteSecret(ctx context.Context, siteID, ref, name string) error {
	siteName, _, err := s.site(ctx, siteID, ActionManage)
	if err != nil {
		return err
	}
	env, err := s.find(ctx, siteID, ref)
	if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "environment.secret.delete", "environment", env.ID, siteName+" · "+env.Name, audit.CategorySecurity, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"secret": name}}
	if err := s.Store.DeleteSecret(ctx, env.ID, name, e); err == errs.ErrNoRows {
		return errs.NotFound("secret")
	} else if err != nil {
		return err
	}
	return nil
}

// SecretValues opens an environment's secrets for a build (no access
// check: the caller is the deploy runner).
func (s *Service) SecretValues(ctx context.Context, envID string) (map[string]string, error) {
	secs, err := s.Store.ListSecrets(ctx, envID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(secs))
	for _, x := range secs {
		v, err := s.Box.Open(x.Sealed, secretAAD(envID, x.Name))
		if err != nil {
			return nil, fmt.Errorf("secret %s of environment %s: %w", x.Name, envID, err)
		}
		out[x.Name] = string(v)
	}
	return out, nil
}

// Rotate re-seals every environment secret from the old key to the new
// one in one transaction (the `pagewright secrets rotate` command).
func Rotate(ctx context.Context, st Store, from, to Sealer) (int, error) {
	e := audit.NewEntry(ctx, "secrets.rotate", "org", "", "", audit.CategorySecurity, audit.SeverityCritical)
	return st.RotateSecrets(ctx, func(x Secret) (string, error) {
		aad := secretAAD(x.EnvironmentID, x.Name)
		v, err := from.Open(x.Sealed, aad)
		if err != nil {
			return "", fmt.Errorf("secret %s of environment %s does not open with the old key: %w", x.Name, x.EnvironmentID, err)
		}
		return to.Seal(v, aad)
	}, e)
}
