package httpapi

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/token"
)

// designSystemOp allows a whole token system in the body: a base set and
// a few themes, each up to token.MaxBytes.
func designSystemOp(o huma.Operation) huma.Operation {
	o.MaxBodyBytes = 4 * token.MaxBytes
	return o
}

// exportOp documents the raw export body in every format.
func exportOp(o huma.Operation) huma.Operation {
	content := map[string]*huma.MediaType{}
	for _, f := range token.Formats {
		content[strings.Split(f.MediaType(), ";")[0]] = &huma.MediaType{Schema: &huma.Schema{Type: "string"}}
	}
	o.Responses = map[string]*huma.Response{"200": {Description: "The design tokens in the chosen format", Content: content,
		Headers: map[string]*huma.Param{"Content-Disposition": {Schema: &huma.Schema{Type: "string"}}}}}
	return o
}

type designSystemOut struct {
	ETag         string `header:"ETag"`
	CacheControl string `header:"Cache-Control"`
	Body         struct {
		designsystem.DS
		// The same list a save returns, so that an editor shows the
		// current contrast problems before anyone saves.
		Warnings []contrastWarning `json:"warnings" doc:"Contrast pairs of the stored system below their WCAG level"`
	}
}

func (s *server) getDesignSystem(ctx context.Context, in *siteIn) (*designSystemOut, error) {
	ds, err := s.DesignSystems.Get(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &designSystemOut{ETag: etag(ds.Revision), CacheControl: "no-cache"}
	out.Body.DS = ds
	out.Body.Warnings = []contrastWarning{}
	// A stored system always parsed when it was saved; should a newer
	// parser refuse it, the tokens are still worth showing, without warnings.
	if sys, err := designsystem.System(ds); err == nil {
		out.Body.Warnings = contrastWarnings(token.Warnings(token.CheckContrast(sys)))
	}
	return out, nil
}

type putDesignSystemIn struct {
	Site    string `path:"site" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag you read; required"`
	Body    struct {
		Tokens json.RawMessage            `json:"tokens" doc:"The base token set (DTCG JSON), which is also the light theme"`
		Themes map[string]json.RawMessage `json:"themes,omitempty" doc:"Theme name → DTCG tokens applied over the base set"`
		// The read-only fields of a GET, so that a client may send back
		// what it read; If-Match, not these, decides the revision.
		Revision  *int64          `json:"revision,omitempty" doc:"Ignored (read-only); send If-Match"`
		UpdatedAt *string         `json:"updatedAt,omitempty" doc:"Ignored (read-only)"`
		UpdatedBy *string         `json:"updatedBy,omitempty" doc:"Ignored (read-only)"`
		Warnings  json.RawMessage `json:"warnings,omitempty" doc:"Ignored (read-only)"`
	}
}

// contrastWarning is a colour pair that misses its WCAG level.
type contrastWarning struct {
	Theme      string  `json:"theme"`
	Foreground string  `json:"foreground" doc:"Token path"`
	Background string  `json:"background" doc:"Token path"`
	Ratio      float64 `json:"ratio" example:"3.1"`
	Level      string  `json:"level" doc:"The level reached" example:"AA-large"`
	Need       string  `json:"need" doc:"The level the pair needs" example:"AA"`
	Message    string  `json:"message"`
}

type putDesignSystemOut struct {
	ETag string `header:"ETag"`
	Body struct {
		designsystem.DS
		Warnings []contrastWarning `json:"warnings" doc:"Contrast pairs below their WCAG level (saved anyway)"`
	}
}

func (s *server) putDesignSystem(ctx context.Context, in *putDesignSystemIn) (*putDesignSystemOut, error) {
	if in.IfMatch == "" {
		return nil, fail(ctx, &errs.Error{Kind: errs.KindPreconditionRequired, Code: "design_system.if_match_required",
			Message: "Send the design system's ETag in an If-Match header so that a newer save is never overwritten."})
	}
	rev, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(in.IfMatch, "W/"), `"`), 10, 64)
	if err != nil {
		return nil, fail(ctx, &errs.Error{Kind: errs.KindPreconditionFailed, Code: "design_system.stale",
			Message: "The If-Match header does not match the design system's ETag."})
	}
	ds, findings, err := s.DesignSystems.Put(ctx, in.Site, designsystem.Input{Tokens: in.Body.Tokens, Themes: in.Body.Themes}, rev)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &putDesignSystemOut{ETag: etag(ds.Revision)}
	out.Body.DS = ds
	out.Body.Warnings = contrastWarnings(findings)
	return out, nil
}

func contrastWarnings(findings []token.Finding) []contrastWarning {
	out := []contrastWarning{}
	for _, f := range findings {
		out = append(out, contrastWarning{Theme: f.Theme, Foreground: f.Foreground, Background: f.Background,
			Ratio: float64(int(f.Ratio*100+0.5)) / 100, Level: string(f.Level), Need: string(f.Need), Message: f.String()})
	}
	return out
}

// tokenInfo is one resolved token for pickers (web/src/editor/types.ts
// TokenInfo).
type tokenInfo struct {
	Path        string            `json:"path" example:"color.text.default"`
	Type        string            `json:"type" example:"color" doc:"DTCG $type; empty for an untyped literal"`
	Value       string            `json:"value" example:"#1e293b" doc:"The resolved CSS value in the base (light) theme"`
	CSSVar      string            `json:"cssVar" example:"--pw-color-text-default"`
	Themes      map[string]string `json:"themes,omitempty" doc:"Theme name → CSS value, only where it differs from value"`
	Description string            `json:"description,omitempty"`
}

type designSystemTokensOut struct {
	CacheControl string `header:"Cache-Control"`
	Body         struct {
		Items       []tokenInfo        `json:"items"`
		Breakpoints []token.Breakpoint `json:"breakpoints"`
		Themes      []string           `json:"themes" doc:"Theme names, the base (light) theme first"`
	}
}

// designSystemTokens lists the site's tokens resolved and flattened, for
// the editor's token pickers and the design system screen's previews.
func (s *server) designSystemTokens(ctx context.Context, in *siteIn) (*designSystemTokensOut, error) {
	ds, err := s.DesignSystems.Get(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys, err := designsystem.System(ds)
	if err != nil {
		return nil, fail(ctx, errs.Internal(err))
	}
	infos, err := sys.Infos()
	if err != nil {
		return nil, fail(ctx, errs.Internal(err))
	}
	out := &designSystemTokensOut{CacheControl: "no-cache"}
	out.Body.Items = make([]tokenInfo, len(infos))
	for i, t := range infos {
		out.Body.Items[i] = tokenInfo{Path: t.Path, Type: string(t.Type), Value: t.Value, CSSVar: t.CSSVar, Themes: t.Themes, Description: t.Description}
	}
	out.Body.Breakpoints = sys.Breakpoints
	if out.Body.Breakpoints == nil {
		out.Body.Breakpoints = []token.Breakpoint{}
	}
	out.Body.Themes = sys.ThemeNames()
	return out, nil
}

type exportDesignSystemIn struct {
	Site   string `path:"site" maxLength:"64"`
	Format string `query:"format" default:"css" maxLength:"20" doc:"css, scss, json or tailwind"`
}

type exportOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (s *server) exportDesignSystem(ctx context.Context, in *exportDesignSystemIn) (*exportOut, error) {
	f := token.Format(in.Format)
	b, mediaType, err := s.DesignSystems.Export(ctx, in.Site, f)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &exportOut{ContentType: mediaType, ContentDisposition: `attachment; filename="` + f.FileName() + `"`,
		CacheControl: "no-cache", Body: b}, nil
}

type designSystemHistoryOut struct {
	Body struct {
		Items []designsystem.HistoryEntry `json:"items"`
	}
}

func (s *server) designSystemHistory(ctx context.Context, in *siteIn) (*designSystemHistoryOut, error) {
	hs, err := s.DesignSystems.History(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &designSystemHistoryOut{}
	out.Body.Items = hs
	return out, nil
}
