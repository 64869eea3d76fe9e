// Package designsystem keeps each site's design system: DTCG design tokens
// (a base set and themes), validated on save, checked for WCAG contrast,
// exported for developers and versioned with a history of every change.
package designsystem

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/token"
)

// DS is a site's design system as stored: DTCG JSON for the base set and
// each theme. Revision 0 means the site still uses the defaults.
type DS struct {
	Tokens    json.RawMessage            `json:"tokens"`
	Themes    map[string]json.RawMessage `json:"themes"`
	Revision  int64                      `json:"revision"`
	UpdatedAt time.Time                  `json:"updatedAt,omitzero"`
	UpdatedBy string                     `json:"updatedBy,omitempty"`
}

// HistoryEntry is one saved revision: who saved it, when, and what changed.
type HistoryEntry struct {
	ID            string         `json:"id"`
	Revision      int64          `json:"revision"`
	ChangedBy     string         `json:"changedBy"`
	ChangedByName string         `json:"changedByName"`
	ChangedAt     time.Time      `json:"changedAt"`
	Changes       []token.Change `json:"changes"`
}

// Store persists design systems and their history.
type Store interface {
	// SiteName returns the site's name, or errs.ErrNoRows.
	SiteName(ctx context.Context, siteID string) (string, error)
	// GetDesignSystem returns errs.ErrNoRows when the site has none saved.
	GetDesignSystem(ctx context.Context, siteID string) (DS, error)
	// PutDesignSystem saves ds (whose Revision is want+1) if the stored
	// revision is still want (0: none stored), appends h and e in the same
	// transaction, and returns errs.ErrStale otherwise.
	PutDesignSystem(ctx context.Context, siteID string, ds DS, want int64, h HistoryEntry, e audit.Entry) error
	// ListDesignSystemHistory returns up to limit entries, newest first.
	ListDesignSystemHistory(ctx context.Context, siteID string, limit int) ([]HistoryEntry, error)
}

// Service implements the design system operations with access checks and
// audit.
type Service struct {
	Store Store
	Auth  access.Authorizer
	Now   func() time.Time
}

// Input is a whole design system to save.
type Input struct {
	Tokens json.RawMessage
	Themes map[string]json.RawMessage
}

// HistoryLimit is how many history entries History returns.
const HistoryLimit = 200

// Defaults is the design system of a site that has saved none.
func Defaults() DS {
	return DS{Tokens: token.DefaultJSON(""), Themes: map[string]json.RawMessage{
		token.ThemeDark:         token.DefaultJSON(token.ThemeDark),
		token.ThemeHighContrast: token.DefaultJSON(token.ThemeHighContrast),
	}}
}

// Get returns the site's design system, the defaults (revision 0) when it
// has none saved.
func (s *Service) Get(ctx context.Context, siteID string) (DS, error) {
	if _, err := s.site(ctx, siteID, access.SiteView); err != nil {
		return DS{}, err
	}
	return s.current(ctx, siteID)
}

// Put replaces the site's design system if it is still at wantRevision.
// It returns the saved system and the contrast pairs that miss their WCAG
// level: warnings, not errors.
func (s *Service) Put(ctx context.Context, siteID string, in Input, wantRevision int64) (DS, []token.Finding, error) {
	name, err := s.site(ctx, siteID, access.SiteEdit)
	if err != nil {
		return DS{}, nil, err
	}
	sys, ds, err := parseInput(in)
	if err != nil {
		return DS{}, nil, err
	}
	cur, err := s.current(ctx, siteID)
	if err != nil {
		return DS{}, nil, err
	}
	if cur.Revision != wantRevision {
		return DS{}, nil, stale()
	}
	old, err := System(cur)
	if err != nil {
		old = nil // a stored system that no longer parses: show everything as added
	}
	changes := token.SystemChanges(old, sys)
	if changes == nil {
		changes = []token.Change{}
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	h := HistoryEntry{ID: uuid.Must(uuid.NewV7()).String(), Revision: wantRevision + 1, ChangedAt: now, Changes: changes}
	if a := access.ActorFrom(ctx); a != nil {
		h.ChangedBy, h.ChangedByName = a.UserID, a.Name
	}
	ds.Revision, ds.UpdatedAt, ds.UpdatedBy = wantRevision+1, now, h.ChangedBy
	e := audit.NewEntry(ctx, "design_system.update", "site", siteID, name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: map[string]any{"revision": wantRevision},
		After: map[string]any{"revision": ds.Revision, "changes": len(changes), "paths": changedPaths(changes, 20)}}
	if err := s.Store.PutDesignSystem(ctx, siteID, ds, wantRevision, h, e); err != nil {
		return DS{}, nil, translate(err)
	}
	return ds, token.Warnings(token.CheckContrast(sys)), nil
}

// Export writes the site's design system in format ("css", "scss",
// "json" or "tailwind") and returns it with its media type.
func (s *Service) Export(ctx context.Context, siteID string, format token.Format) ([]byte, string, error) {
	if !slices.Contains(token.Formats, format) {
		names := make([]string, len(token.Formats))
		for i, f := range token.Formats {
			names[i] = string(f)
		}
		return nil, "", errs.Invalid("design_system.unknown_format", "Choose an export format: "+strings.Join(names, ", ")+".",
			errs.FieldError{Location: "query.format", Message: "must be one of " + strings.Join(names, ", "), Value: string(format)})
	}
	ds, err := s.Get(ctx, siteID)
	if err != nil {
		return nil, "", err
	}
	sys, err := System(ds)
	if err != nil {
		return nil, "", errs.Internal(err)
	}
	b, err := sys.Export(format)
	if err != nil {
		return nil, "", errs.Internal(err)
	}
	return b, format.MediaType(), nil
}

// History returns the latest changes to the site's design system, newest
// first.
func (s *Service) History(ctx context.Context, siteID string) ([]HistoryEntry, error) {
	if _, err := s.site(ctx, siteID, access.SiteView); err != nil {
		return nil, err
	}
	hs, err := s.Store.ListDesignSystemHistory(ctx, siteID, HistoryLimit)
	if err != nil {
		return nil, translate(err)
	}
	if hs == nil {
		hs = []HistoryEntry{}
	}
	return hs, nil
}

// System parses a stored design system.
func System(ds DS) (*token.System, error) {
	base, err := token.Parse(ds.Tokens)
	if err != nil {
		return nil, err
	}
	sys := &token.System{Tokens: base, Breakpoints: token.BreakpointsFrom(base)}
	for name, raw := range ds.Themes {
		f, err := token.Parse(raw)
		if err != nil {
			return nil, err
		}
		if sys.Themes == nil {
			sys.Themes = map[string]*token.File{}
		}
		sys.Themes[name] = f
	}
	return sys, nil
}

func (s *Service) site(ctx context.Context, siteID string, action access.Action) (string, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return "", errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	name, err := s.Store.SiteName(ctx, siteID)
	if err != nil {
		if errors.Is(err, errs.ErrNoRows) {
			return "", errs.NotFound("site")
		}
		return "", err
	}
	return name, s.Auth.Authorize(ctx, action, access.Site(siteID), name)
}

func (s *Service) current(ctx context.Context, siteID string) (DS, error) {
	ds, err := s.Store.GetDesignSystem(ctx, siteID)
	if errors.Is(err, errs.ErrNoRows) {
		return Defaults(), nil
	}
	return ds, err
}

// parseInput validates a design system to save; errors name the field of
// each problem: body.tokens.<path> or body.themes.<theme>.<path>.
func parseInput(in Input) (*token.System, DS, error) {
	var fe []errs.FieldError
	add := func(where string, es error) {
		var te token.Errors
		if !errors.As(es, &te) {
			fe = append(fe, errs.FieldError{Location: where, Message: es.Error()})
			return
		}
		for _, e := range te {
			loc := where
			if e.Path != "" {
				loc += "." + e.Path
			}
			fe = append(fe, errs.FieldError{Location: loc, Message: e.Message})
		}
	}
	ds := DS{Themes: map[string]json.RawMessage{}}
	sys := &token.System{}
	if len(bytes.TrimSpace(in.Tokens)) == 0 || bytes.Equal(bytes.TrimSpace(in.Tokens), []byte("null")) {
		fe = append(fe, errs.Field("tokens", "Send the base token set (a DTCG JSON object).", nil))
	} else if f, err := token.Parse(in.Tokens); err != nil {
		add("body.tokens", err)
	} else {
		sys.Tokens, sys.Breakpoints = f, token.BreakpointsFrom(f)
		ds.Tokens = compact(in.Tokens)
	}
	names := make([]string, 0, len(in.Themes))
	for n := range in.Themes {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := token.Parse(in.Themes[n])
		if err != nil {
			add("body.themes."+n, err)
			continue
		}
		if sys.Themes == nil {
			sys.Themes = map[string]*token.File{}
		}
		sys.Themes[n] = f
		ds.Themes[n] = compact(in.Themes[n])
	}
	if len(fe) == 0 {
		if err := sys.Validate(); err != nil {
			var te token.Errors
			if !errors.As(err, &te) {
				return nil, DS{}, errs.Internal(err)
			}
			for _, e := range te {
				loc := "body.tokens"
				if _, ok := in.Themes[e.Theme]; ok && e.Theme != "" {
					loc = "body.themes." + e.Theme
				} else if e.Theme != "" && e.Theme != token.DefaultTheme {
					loc = "body.themes." + e.Theme
				}
				if e.Path != "" {
					loc += "." + e.Path
				}
				fe = append(fe, errs.FieldError{Location: loc, Message: e.Message})
			}
		}
	}
	if len(fe) > 0 {
		return nil, DS{}, errs.Invalid("design_system.invalid", "The design system has problems: "+fe[0].Location+": "+fe[0].Message, fe...)
	}
	return sys, ds, nil
}

func compact(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return append(json.RawMessage(nil), b...)
	}
	return buf.Bytes()
}

func changedPaths(cs []token.Change, max int) []string {
	var out []string
	for _, c := range cs {
		p := c.Path
		if c.Theme != "" {
			p = c.Theme + ":" + p
		}
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
		if len(out) == max {
			break
		}
	}
	return out
}

func stale() error {
	return &errs.Error{Kind: errs.KindPreconditionFailed, Code: "design_system.stale",
		Message: "Someone saved this design system after you loaded it. Reload to see their changes; nothing was overwritten."}
}

func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errs.ErrStale):
		return stale()
	case errors.Is(err, errs.ErrNoRows):
		return errs.NotFound("site")
	}
	return err
}
