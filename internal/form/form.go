// Package form handles the forms of published pages: every deployment's
// Form components become definitions (ExtractForms), a visitor's post is
// parsed and checked against the definition of the environment's live
// deployment (ParseBody, Definition.Validate), stored sealed at rest with a
// form.submitted event, and read, exported and deleted by Admins — every
// read audited, because submissions may carry health information.
//
// Which definition a post is checked against: the definitions are kept per
// page path, since two pages may use the same form id with different
// fields. A post is checked against the page its Referer names when that
// page has the form; otherwise (no Referer, or another page) against the
// union of the form's definitions, in which a field is required only if
// every definition requires it (see Union). A hidden "_page" field was not
// chosen: it would be one more thing for the visitor's browser to send
// and for a bot to forge, and the Referer of a same-origin post is sent by
// every browser under the site server's Referrer-Policy.
package form

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/render/component"
)

// Actions this package checks. No role but Admin holds them (the role table
// is the roadmap's), so only Admins, or members with an Admin grant on the
// site, read or delete submissions.
const (
	ActionView   access.Action = "form:view"
	ActionDelete access.Action = "form:delete"
)

// Limits.
const (
	// MaxBodyBytes is the largest form post accepted.
	MaxBodyBytes = 64 << 10
	// MaxFields is the most fields a form has and a post may send.
	MaxFields = 50
	// DefaultMaxLength bounds a field without a maximum length of its own,
	// in characters.
	DefaultMaxLength = 5000
	// MaxMessageRunes bounds a form's success message.
	MaxMessageRunes = 1000
	// MaxRedirectBytes bounds a form's redirect URL.
	MaxRedirectBytes = 2000
	// MaxUserAgent is how much of a visitor's User-Agent is kept.
	MaxUserAgent = 200
)

// HoneypotField is the name of the hidden field every rendered form
// carries. People never see or fill it; a post with a value in it is a bot's.
const HoneypotField = component.HoneypotField

// DefaultSuccessMessage is shown after a post when the form has no message
// or redirect of its own.
const DefaultSuccessMessage = "Thank you — we have received your message."

// Settings are a form's per-site options.
type Settings struct {
	FormID         string     `json:"formId"`
	SuccessMessage string     `json:"successMessage" doc:"Shown on the thank-you page (empty: the default message)"`
	RedirectURL    string     `json:"redirectUrl" doc:"Where to send visitors after a post instead: a path of the site (/thanks/) or an http(s) URL"`
	UpdatedAt      *time.Time `json:"updatedAt,omitempty"`
	UpdatedBy      string     `json:"updatedBy,omitempty" doc:"User id of the last editor"`
}

// Message is the success message to show.
func (s Settings) Message() string {
	if strings.TrimSpace(s.SuccessMessage) == "" {
		return DefaultSuccessMessage
	}
	return s.SuccessMessage
}

// Summary is one form of a site as the admin lists it.
type Summary struct {
	FormID string `json:"formId"`
	Label  string `json:"label" doc:"The form's accessible name, if it has one"`
	// Pages are the paths of the pages that carry the form in its newest
	// deployment.
	Pages []string `json:"pages"`
	// Fields are the fields of its newest deployment, in order.
	Fields           []FieldInfo `json:"fields"`
	Submissions      int         `json:"submissions"`
	LastSubmissionAt *time.Time  `json:"lastSubmissionAt,omitempty"`
	Settings         Settings    `json:"settings"`
}

// FieldInfo names a field for column headings.
type FieldInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Kind  string `json:"kind" enum:"text,email,tel,url,number,date,textarea,select,checkbox,radio"`
}

// Data is what a visitor sent, checked: the form's fields in order and
// their values (checkbox groups joined with ", "). It is what is sealed.
type Data struct {
	Fields []string          `json:"fields"`
	Values map[string]string `json:"values"`
}

// Submission is one stored post, opened.
type Submission struct {
	ID            string            `json:"id"`
	FormID        string            `json:"formId"`
	EnvironmentID string            `json:"environmentId"`
	Environment   string            `json:"environment" doc:"The environment's slug (empty if it was deleted)"`
	DeploymentID  string            `json:"deploymentId"`
	PagePath      string            `json:"pagePath" doc:"The page the post was checked against (empty: the form's pages together)"`
	Fields        []string          `json:"fields" doc:"The field names, in the form's order"`
	Data          map[string]string `json:"data"`
	UserAgent     string            `json:"userAgent"`
	CreatedAt     time.Time         `json:"createdAt"`
}

// Record is a submission as stored: its data sealed.
type Record struct {
	ID, SiteID, EnvironmentID, Environment, FormID, DeploymentID, PagePath string
	Sealed, IPHash, UserAgent                                              string
	CreatedAt                                                              time.Time
}

// Filter selects a page of a form's submissions, newest first.
type Filter struct {
	Environment string // slug or id; empty for all
	BeforeID    string // cursor
	Limit       int
}

// Store persists definitions, settings and submissions.
type Store interface {
	// SaveDefinitions stores the forms of a build's artifact, replacing
	// any stored for it before.
	SaveDefinitions(ctx context.Context, siteID, artifactHash string, defs []Definition, at time.Time) error
	// Definitions returns the definitions of formID in the artifact the
	// deployment serves (none: the form is unknown there).
	Definitions(ctx context.Context, deploymentID, formID string) ([]Definition, error)
	// Summaries lists every form the site's builds have had, with the
	// definitions of each one's newest build, counts and settings.
	Summaries(ctx context.Context, siteID string) ([]Summary, error)
	// FormKnown reports whether any build of the site had the form.
	FormKnown(ctx context.Context, siteID, formID string) (bool, error)
	// Settings returns a form's settings, or errs.ErrNoRows.
	Settings(ctx context.Context, siteID, formID string) (Settings, error)
	PutSettings(ctx context.Context, siteID string, s Settings, e audit.Entry) error
	// CreateSubmission stores a submission and queues its form.submitted
	// event in the same transaction.
	CreateSubmission(ctx context.Context, r Record) error
	ListSubmissions(ctx context.Context, siteID, formID string, f Filter) ([]Record, error)
	GetSubmission(ctx context.Context, id string) (Record, error)
	DeleteSubmission(ctx context.Context, id string, e audit.Entry) error
	// Append writes an audit entry on its own (reads are audited).
	Append(ctx context.Context, e audit.Entry) error
}

// Sites tells whether a site exists and names it.
type Sites interface {
	SiteName(ctx context.Context, id string) (string, error)
}

// Sealer seals and opens submissions (secret.Box).
type Sealer interface {
	Seal(plaintext []byte, aad string) (string, error)
	Open(sealed, aad string) ([]byte, error)
}

// Service implements the form operations.
type Service struct {
	Store Store
	Sites Sites
	Auth  access.Authorizer
	Box   Sealer
	// IPSalt makes the stored hashes of visitors' addresses useless
	// outside this installation.
	IPSalt []byte
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

// AAD is the additional data a submission's data is sealed with: a sealed
// value copied to another row does not open there.
func AAD(submissionID string) string { return "form.submission:" + submissionID }

// HashIP is how a visitor's address is kept: never raw.
func (s *Service) HashIP(ip string) string {
	h := sha256.New()
	h.Write(s.IPSalt)
	h.Write([]byte{0})
	h.Write([]byte(ip))
	return hex.EncodeToString(h.Sum(nil))
}

// SaveBuild extracts the forms of a build's pages and stores them for its
// artifact. pages maps a page's path to its document. It returns a warning
// per form whose fields were cut to MaxFields.
func (s *Service) SaveBuild(ctx context.Context, siteID, artifactHash string, pages map[string][]byte) ([]string, error) {
	var all []Definition
	var warnings []string
	for path, docJSON := range pages {
		defs, err := ExtractForms(docJSON)
		if err != nil {
			return nil, fmt.Errorf("forms of %s: %w", path, err)
		}
		for _, d := range defs {
			d.PagePath = path
			if d.Truncated {
				warnings = append(warnings, fmt.Sprintf("The form %q on %s has more than %d fields; only the first %d are accepted.", d.FormID, path, MaxFields, MaxFields))
			}
			all = append(all, d)
		}
	}
	return warnings, s.Store.SaveDefinitions(ctx, siteID, artifactHash, all, s.now())
}

// Post is one visitor's form post, as the site server received it.
type Post struct {
	SiteID, EnvironmentID, DeploymentID, FormID string
	// PagePath is the path, within the environment, of the page the
	// Referer names ("" when there is none).
	PagePath  string
	Values    url.Values
	IP        string
	UserAgent string
}

// Outcome is what became of a post.
type Outcome struct {
	// Stored is set when the submission was kept (SubmissionID).
	Stored       bool
	SubmissionID string
	// Spam is set when the honeypot was filled: nothing was stored, but
	// the visitor is answered as if it had been.
	Spam bool
	// Problems are why the post was refused (nothing stored).
	Problems []Problem
	// PagePath is the page whose form the post was checked against (""
	// for the union of several pages).
	PagePath string
	Settings Settings
}

// Submit checks a post against the form of the environment's live
// deployment and stores it. An unknown form is errs.NotFound.
func (s *Service) Submit(ctx context.Context, p Post) (Outcome, error) {
	defs, err := s.Store.Definitions(ctx, p.DeploymentID, p.FormID)
	if err != nil {
		return Outcome{}, err
	}
	if len(defs) == 0 {
		return Outcome{}, errs.NotFound("form")
	}
	out := Outcome{Settings: Settings{FormID: p.FormID}}
	if st, err := s.Store.Settings(ctx, p.SiteID, p.FormID); err == nil {
		out.Settings = st
	} else if !errors.Is(err, errs.ErrNoRows) {
		return Outcome{}, err
	}
	if Honeypot(p.Values) {
		out.Spam = true
		return out, nil
	}
	def, page := Choose(defs, p.PagePath)
	out.PagePath = page
	data, problems := def.Validate(p.Values)
	if len(problems) > 0 {
		out.Problems = problems
		return out, nil
	}
	plain, err := json.Marshal(data)
	if err != nil {
		return Outcome{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	sealed, err := s.Box.Seal(plain, AAD(id))
	if err != nil {
		return Outcome{}, errs.Internal(err)
	}
	r := Record{ID: id, SiteID: p.SiteID, EnvironmentID: p.EnvironmentID, FormID: p.FormID, DeploymentID: p.DeploymentID,
		PagePath: page, Sealed: sealed, IPHash: s.HashIP(p.IP), UserAgent: truncate(visible(p.UserAgent), MaxUserAgent), CreatedAt: s.now()}
	if err := s.Store.CreateSubmission(ctx, r); err != nil {
		return Outcome{}, err
	}
	out.Stored, out.SubmissionID = true, id
	return out, nil
}

// Thanks returns the settings of a form the deployment serves, for the
// thank-you page after a post (visitors see it: no sign-in). A form the
// deployment does not have is errs.NotFound.
func (s *Service) Thanks(ctx context.Context, siteID, deploymentID, formID string) (Settings, error) {
	defs, err := s.Store.Definitions(ctx, deploymentID, formID)
	if err != nil {
		return Settings{}, err
	}
	if len(defs) == 0 {
		return Settings{}, errs.NotFound("form")
	}
	st, err := s.Store.Settings(ctx, siteID, formID)
	if errors.Is(err, errs.ErrNoRows) {
		return Settings{FormID: formID}, nil
	}
	return st, err
}

// Honeypot reports whether the hidden field a bot fills has a value.
func Honeypot(v url.Values) bool {
	for _, x := range v[HoneypotField] {
		if x != "" {
			return true
		}
	}
	return false
}

// Choose picks the definition a post is checked against: the one of the
// page it came from, else the union of all (see the package comment). It
// returns the page path recorded with the submission ("" for the union of
// several pages).
func Choose(defs []Definition, pagePath string) (Definition, string) {
	for _, d := range defs {
		if pagePath != "" && d.PagePath == pagePath {
			return d, d.PagePath
		}
	}
	if len(defs) == 1 {
		return defs[0], defs[0].PagePath
	}
	return Union(defs), ""
}

// List returns the site's forms with their counts and settings. Anyone who
// sees the site may list them: no submission's content is in it.
func (s *Service) List(ctx context.Context, siteID string) ([]Summary, error) {
	if _, err := s.site(ctx, siteID, access.PageView); err != nil {
		return nil, err
	}
	out, err := s.Store.Summaries(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []Summary{}
	}
	return out, nil
}

// SettingsInput are the editable settings.
type SettingsInput struct {
	SuccessMessage string
	RedirectURL    string
}

// PutSettings saves a form's thank-you message and redirect (site:edit).
func (s *Service) PutSettings(ctx context.Context, siteID, formID string, in SettingsInput) (Settings, error) {
	name, err := s.site(ctx, siteID, access.SiteEdit)
	if err != nil {
		return Settings{}, err
	}
	if ok, err := s.Store.FormKnown(ctx, siteID, formID); err != nil {
		return Settings{}, err
	} else if !ok {
		return Settings{}, errs.NotFound("form")
	}
	msg, redirect, err := CheckSettings(in)
	if err != nil {
		return Settings{}, err
	}
	before, err := s.Store.Settings(ctx, siteID, formID)
	if err != nil && !errors.Is(err, errs.ErrNoRows) {
		return Settings{}, err
	}
	now := s.now()
	st := Settings{FormID: formID, SuccessMessage: msg, RedirectURL: redirect, UpdatedAt: &now}
	if a := access.ActorFrom(ctx); a != nil {
		st.UpdatedBy = a.UserID
	}
	e := audit.NewEntry(ctx, "form.settings.update", "site", siteID, name+" · "+formID, audit.CategoryConfiguration, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"successMessage": before.SuccessMessage, "redirectUrl": before.RedirectURL},
		After: map[string]any{"formId": formID, "successMessage": msg, "redirectUrl": redirect}}
	if err := s.Store.PutSettings(ctx, siteID, st, e); err != nil {
		return Settings{}, translate(err, "site")
	}
	return st, nil
}

// CheckSettings cleans and checks settings: a message of at most
// MaxMessageRunes characters, and a redirect that is empty, a path of the
// site ("/thanks/", not "//elsewhere") or an http(s) URL with a host.
func CheckSettings(in SettingsInput) (message, redirect string, err error) {
	message = strings.TrimSpace(in.SuccessMessage)
	redirect = strings.TrimSpace(in.RedirectURL)
	var fe []errs.FieldError
	if !utf8.ValidString(message) || utf8.RuneCountInString(message) > MaxMessageRunes {
		fe = append(fe, errs.Field("successMessage", fmt.Sprintf("Keep the message to %d characters.", MaxMessageRunes), nil))
	}
	if redirect != "" && !ValidRedirect(redirect) {
		fe = append(fe, errs.Field("redirectUrl", "Use a path of the site such as /thanks/, or a full http:// or https:// address.", redirect))
	}
	if len(fe) > 0 {
		return "", "", errs.Invalid("form.invalid_settings", "Some settings need attention: "+fe[0].Message, fe...)
	}
	return message, redirect, nil
}

// ValidRedirect reports whether u is a same-site path or an http(s) URL.
func ValidRedirect(u string) bool {
	if len(u) > MaxRedirectBytes || strings.ContainsFunc(u, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\\' }) {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	if strings.HasPrefix(u, "/") {
		return !strings.HasPrefix(u, "//") && p.Scheme == "" && p.Host == ""
	}
	return (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.User == nil
}

// Submissions returns a page of a form's submissions, opened, newest first
// (form:view). The read is audited before anything is returned.
func (s *Service) Submissions(ctx context.Context, siteID, formID string, f Filter) ([]Submission, error) {
	name, err := s.site(ctx, siteID, ActionView)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	recs, err := s.Store.ListSubmissions(ctx, siteID, formID, f)
	if err != nil {
		return nil, err
	}
	out, err := s.open(recs)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(out))
	for i, x := range out {
		ids[i] = x.ID
	}
	e := audit.NewEntry(ctx, "form.submissions.view", "site", siteID, name+" · "+formID, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{After: map[string]any{"formId": formID, "environment": f.Environment, "cursor": f.BeforeID,
		"count": len(out), "submissionIds": ids}}
	if err := s.Store.Append(ctx, e); err != nil {
		return nil, err
	}
	return out, nil
}

// MaxExportRows bounds one export.
const MaxExportRows = 100_000

// Export returns every submission of a form (of one environment, when
// env is set) as CSV, newest first (form:view; audited).
func (s *Service) Export(ctx context.Context, siteID, formID, env string) ([]byte, error) {
	name, err := s.site(ctx, siteID, ActionView)
	if err != nil {
		return nil, err
	}
	var subs []Submission
	f := Filter{Environment: env, Limit: 500}
	for len(subs) < MaxExportRows {
		recs, err := s.Store.ListSubmissions(ctx, siteID, formID, f)
		if err != nil {
			return nil, err
		}
		page, err := s.open(recs)
		if err != nil {
			return nil, err
		}
		subs = append(subs, page...)
		if len(recs) < f.Limit {
			break
		}
		f.BeforeID = recs[len(recs)-1].ID
	}
	var columns []string
	if sums, err := s.Store.Summaries(ctx, siteID); err == nil {
		for _, sm := range sums {
			if sm.FormID == formID {
				for _, fi := range sm.Fields {
					columns = append(columns, fi.Name)
				}
			}
		}
	} else {
		return nil, err
	}
	b, err := CSV(columns, subs)
	if err != nil {
		return nil, err
	}
	e := audit.NewEntry(ctx, "form.submissions.export", "site", siteID, name+" · "+formID, audit.CategoryData, audit.SeverityHigh)
	e.Changes = &audit.Changes{After: map[string]any{"formId": formID, "environment": env, "count": len(subs), "format": "csv"}}
	if err := s.Store.Append(ctx, e); err != nil {
		return nil, err
	}
	return b, nil
}

// Delete removes one submission (form:delete; audited in the same
// transaction).
func (s *Service) Delete(ctx context.Context, siteID, formID, id string) error {
	name, err := s.site(ctx, siteID, ActionDelete)
	if err != nil {
		return err
	}
	r, err := s.Store.GetSubmission(ctx, id)
	if errors.Is(err, errs.ErrNoRows) || err == nil && (r.SiteID != siteID || r.FormID != formID) {
		return errs.NotFound("submission")
	} else if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "form.submission.delete", "site", siteID, name+" · "+formID, audit.CategoryData, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"submissionId": id, "formId": formID, "environmentId": r.EnvironmentID,
		"createdAt": r.CreatedAt}}
	return translate(s.Store.DeleteSubmission(ctx, id, e), "submission")
}

func (s *Service) open(recs []Record) ([]Submission, error) {
	out := make([]Submission, 0, len(recs))
	for _, r := range recs {
		sub, err := s.Open(r)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}

// Open decrypts a stored submission.
func (s *Service) Open(r Record) (Submission, error) {
	plain, err := s.Box.Open(r.Sealed, AAD(r.ID))
	if err != nil {
		return Submission{}, errs.Internal(fmt.Errorf("open submission %s: %w", r.ID, err))
	}
	var d Data
	if err := json.Unmarshal(plain, &d); err != nil {
		return Submission{}, errs.Internal(fmt.Errorf("decode submission %s: %w", r.ID, err))
	}
	if d.Fields == nil {
		d.Fields = []string{}
	}
	if d.Values == nil {
		d.Values = map[string]string{}
	}
	return Submission{ID: r.ID, FormID: r.FormID, EnvironmentID: r.EnvironmentID, Environment: r.Environment, DeploymentID: r.DeploymentID,
		PagePath: r.PagePath, Fields: d.Fields, Data: d.Values, UserAgent: r.UserAgent, CreatedAt: r.CreatedAt.UTC()}, nil
}

// Reseal returns a submission's data sealed with another box (key
// rotation).
func Reseal(r Record, from, to Sealer) (string, error) {
	plain, err := from.Open(r.Sealed, AAD(r.ID))
	if err != nil {
		return "", fmt.Errorf("submission %s: %w", r.ID, err)
	}
	return to.Seal(plain, AAD(r.ID))
}

func (s *Service) site(ctx context.Context, siteID string, action access.Action) (string, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return "", errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	name, err := s.Sites.SiteName(ctx, siteID)
	if errors.Is(err, errs.ErrNoRows) {
		return "", errs.NotFound("site")
	}
	if err != nil {
		return "", err
	}
	return name, s.Auth.Authorize(ctx, action, access.Site(siteID), name)
}

func translate(err error, resource string) error {
	if errors.Is(err, errs.ErrNoRows) {
		return errs.NotFound(resource)
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// visible drops control characters and invalid UTF-8.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
