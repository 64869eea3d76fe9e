package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/template"
	"github.com/pagewright/pagewright/internal/token"
)

// withURLs fills the addresses the web app loads a template's images from.
func withURLs(t template.Template) template.Template {
	base := "/api/v1/templates/" + t.ID
	t.PreviewURL = base + "/preview"
	if t.ThumbnailKey != "" {
		t.ThumbnailURL = base + "/thumbnail?v=" + t.ThumbnailVersion
	}
	return t
}

// offsetCursor encodes a listing position; cursors are opaque to clients.
func offsetCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(n)))
}

func parseOffsetCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	n, perr := strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
	if err != nil || perr != nil || !strings.HasPrefix(string(b), "o:") || n < 0 || n > 1_000_000 {
		return 0, errs.Invalid("cursor.invalid", "The cursor is not one this list gave out.", errs.Field("cursor", "unknown cursor", c))
	}
	return n, nil
}

type listTemplatesIn struct {
	Q        string `query:"q" maxLength:"200" doc:"Full-text search over name, description, tags and category"`
	Category string `query:"category" maxLength:"40"`
	Kind     string `query:"kind" enum:"page,section," doc:"page or section"`
	Sort     string `query:"sort" enum:"popular,rating,recent,name,relevance," doc:"Default: relevance when searching, popular otherwise"`
	Cursor   string `query:"cursor" maxLength:"40"`
	Limit    int    `query:"limit" minimum:"1" maximum:"60" default:"24"`
}

type listTemplatesOut struct {
	Body struct {
		Items      []template.Template         `json:"items"`
		NextCursor string                      `json:"nextCursor"`
		Categories []template.TemplateCategory `json:"categories" doc:"Every category with how many templates the search finds in it (ignoring the category filter)"`
	}
}

func (s *server) listTemplates(ctx context.Context, in *listTemplatesIn) (*listTemplatesOut, error) {
	off, err := parseOffsetCursor(in.Cursor)
	if err != nil {
		return nil, fail(ctx, err)
	}
	items, cats, more, err := s.Templates.List(ctx, template.Query{Q: in.Q, Category: in.Category, Kind: in.Kind, Sort: in.Sort, Offset: off, Limit: in.Limit})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listTemplatesOut{}
	for i := range items {
		items[i] = withURLs(items[i])
	}
	out.Body.Items, out.Body.Categories = items, cats
	if more {
		out.Body.NextCursor = offsetCursor(off + len(items))
	}
	return out, nil
}

type templateIn struct {
	Template string `path:"template" maxLength:"64"`
}

type templateDetail struct {
	template.Template
	Versions []template.TemplateVersion `json:"versions"`
}

type templateDetailOut struct{ Body templateDetail }

func (s *server) getTemplate(ctx context.Context, in *templateIn) (*templateDetailOut, error) {
	t, err := s.Templates.Get(ctx, in.Template)
	if err != nil {
		return nil, fail(ctx, err)
	}
	vs, err := s.Templates.Versions(ctx, in.Template)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &templateDetailOut{Body: templateDetail{Template: withURLs(t), Versions: vs}}, nil
}

type templateOut struct{ Body template.Template }

type templateFields struct {
	Name        *string   `json:"name,omitempty" maxLength:"200"`
	Description *string   `json:"description,omitempty" maxLength:"1000"`
	Category    *string   `json:"category,omitempty" maxLength:"40"`
	Tags        *[]string `json:"tags,omitempty" maxItems:"20"`
	Visibility  *string   `json:"visibility,omitempty" enum:"private,team,organization" doc:"private: you; team: the people who edit the site it came from; organization: everyone"`
}

func (f templateFields) input() template.Input {
	return template.Input{Name: f.Name, Description: f.Description, Category: f.Category, Tags: f.Tags, Visibility: f.Visibility}
}

type updateTemplateIn struct {
	Template string `path:"template" maxLength:"64"`
	Body     templateFields
}

func (s *server) updateTemplate(ctx context.Context, in *updateTemplateIn) (*templateOut, error) {
	t, err := s.Templates.Update(ctx, in.Template, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &templateOut{Body: withURLs(t)}, nil
}

func (s *server) deleteTemplate(ctx context.Context, in *templateIn) (*struct{}, error) {
	if err := s.Templates.Delete(ctx, in.Template); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type publishTemplateIn struct {
	Body struct {
		PageID      string    `json:"pageId" maxLength:"64" doc:"The page to publish"`
		Node        string    `json:"node,omitempty" maxLength:"64" doc:"Publish only this node's subtree (a section) instead of the whole page"`
		Name        string    `json:"name" maxLength:"200"`
		Description *string   `json:"description,omitempty" maxLength:"1000"`
		Category    string    `json:"category" maxLength:"40"`
		Tags        *[]string `json:"tags,omitempty" maxItems:"20"`
		Visibility  *string   `json:"visibility,omitempty" enum:"private,team,organization" doc:"Default: organization"`
	}
}

type publishedOut struct {
	Body struct {
		template.Template
		Warnings []string `json:"warnings" doc:"What publishing left out, e.g. images of the site's library"`
	}
}

func published(p template.Published) *publishedOut {
	out := &publishedOut{}
	out.Body.Template = withURLs(p.Template)
	out.Body.Warnings = p.Warnings
	if out.Body.Warnings == nil {
		out.Body.Warnings = []string{}
	}
	return out
}

func (s *server) publishTemplate(ctx context.Context, in *publishTemplateIn) (*publishedOut, error) {
	b := in.Body
	p, err := s.Templates.Publish(ctx, template.PublishInput{PageID: b.PageID, Node: b.Node,
		Input: template.Input{Name: &b.Name, Description: b.Description, Category: &b.Category, Tags: b.Tags, Visibility: b.Visibility}})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return published(p), nil
}

type templateVersionIn struct {
	Template string `path:"template" maxLength:"64"`
	Body     struct {
		PageID  string `json:"pageId" maxLength:"64"`
		Node    string `json:"node,omitempty" maxLength:"64"`
		Version string `json:"version,omitempty" maxLength:"32" doc:"Semver after the current one (default: the next minor version)"`
		Notes   string `json:"notes,omitempty" maxLength:"2000"`
	}
}

func (s *server) addTemplateVersion(ctx context.Context, in *templateVersionIn) (*publishedOut, error) {
	p, err := s.Templates.AddVersion(ctx, in.Template, template.VersionInput{PageID: in.Body.PageID, Node: in.Body.Node, Version: in.Body.Version, Notes: in.Body.Notes})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return published(p), nil
}

type installTemplateIn struct {
	Template string `path:"template" maxLength:"64"`
	Body     struct {
		SiteID string `json:"siteId" maxLength:"64"`
		Title  string `json:"title,omitempty" maxLength:"400" doc:"The new page's title (default: the template's name)"`
		Slug   string `json:"slug,omitempty" maxLength:"100" doc:"The new page's slug (default: made from the title)"`
	}
}

type installedOut struct {
	Body struct {
		Page     page.Page         `json:"page"`
		Template template.Template `json:"template"`
		Notes    []string          `json:"notes" doc:"What was changed to fit the site, e.g. a form renamed because the site already has one with that id"`
	}
}

func (s *server) installTemplate(ctx context.Context, in *installTemplateIn) (*installedOut, error) {
	res, err := s.Templates.Install(ctx, in.Template, template.InstallInput{SiteID: in.Body.SiteID, Title: in.Body.Title, Slug: in.Body.Slug})
	if err != nil {
		return nil, fail(ctx, err)
	}
	p, err := s.Pages.Get(ctx, res.PageID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &installedOut{}
	out.Body.Page, out.Body.Template, out.Body.Notes = p, withURLs(res.Template), res.Notes
	if out.Body.Notes == nil {
		out.Body.Notes = []string{}
	}
	return out, nil
}

type templatePreviewIn struct {
	Template string `path:"template" maxLength:"64"`
	Site     string `query:"site" maxLength:"64" doc:"Wear this site's design system (default: the built-in one)"`
	Version  string `query:"version" maxLength:"32"`
}

// templatePreview renders a template version as a page, for the
// marketplace's preview frames.
func (s *server) templatePreview(ctx context.Context, in *templatePreviewIn) (*previewOut, error) {
	_, v, err := s.Templates.Document(ctx, in.Template, in.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	d, _, err := doc.Parse(v.Document)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys := token.Default()
	if in.Site != "" {
		ds, err := s.DesignSystems.Get(ctx, in.Site)
		if err != nil {
			return nil, fail(ctx, err)
		}
		if sys, err = designsystem.System(ds); err != nil {
			return nil, fail(ctx, err)
		}
	}
	syms, err := s.Symbols(ctx, render.InstanceRefs(d))
	if err != nil {
		return nil, fail(ctx, err)
	}
	html, err := preview.PageWith(d, sys, preview.Options{Symbols: syms})
	if err != nil {
		return nil, renderErr(ctx, err)
	}
	return &previewOut{ContentType: "text/html; charset=utf-8", CacheControl: "private, max-age=60", Body: []byte(html)}, nil
}

type templateDocumentIn struct {
	Template string `path:"template" maxLength:"64"`
	Version  string `query:"version" maxLength:"32" doc:"Default: the current version"`
}

type templateDocumentOut struct {
	Body struct {
		Version  string          `json:"version"`
		Document json.RawMessage `json:"document" doc:"The version's page document (schema v1) as stored; a section template's root Page has exactly one child, the section"`
	}
}

// templateDocument gives a template version's document, for the editor's
// "Insert section from a template…".
func (s *server) templateDocument(ctx context.Context, in *templateDocumentIn) (*templateDocumentOut, error) {
	_, v, err := s.Templates.Document(ctx, in.Template, in.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &templateDocumentOut{}
	out.Body.Version, out.Body.Document = v.Version, v.Document
	return out, nil
}

func pngOp(o huma.Operation) huma.Operation {
	o.Responses = map[string]*huma.Response{"200": {Description: "A PNG image",
		Content: map[string]*huma.MediaType{"image/png": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
	return o
}

type thumbnailOut struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

func (s *server) templateThumbnail(ctx context.Context, in *templateIn) (*thumbnailOut, error) {
	t, err := s.Templates.Get(ctx, in.Template)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if t.ThumbnailKey == "" {
		return nil, fail(ctx, errs.NotFound("thumbnail"))
	}
	r, _, err := s.Blobs.Get(ctx, t.ThumbnailKey)
	if err != nil {
		return nil, fail(ctx, err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &thumbnailOut{ContentType: "image/png", CacheControl: "private, max-age=86400", Body: b}, nil
}

type listReviewsIn struct {
	Template string `path:"template" maxLength:"64"`
	Cursor   string `query:"cursor" maxLength:"40"`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type listReviewsOut struct {
	Body struct {
		Items      []template.Review      `json:"items"`
		NextCursor string                 `json:"nextCursor"`
		Summary    template.ReviewSummary `json:"summary"`
		Mine       *template.Review       `json:"mine" doc:"Your own review, wherever it is in the list (null when you have not reviewed it)"`
	}
}

func (s *server) listTemplateReviews(ctx context.Context, in *listReviewsIn) (*listReviewsOut, error) {
	off, err := parseOffsetCursor(in.Cursor)
	if err != nil {
		return nil, fail(ctx, err)
	}
	rs, err := s.Templates.Reviews(ctx, in.Template, off, in.Limit)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listReviewsOut{}
	out.Body.Items, out.Body.Summary, out.Body.Mine = rs.Items, rs.Summary, rs.Mine
	if rs.More {
		out.Body.NextCursor = offsetCursor(off + len(rs.Items))
	}
	return out, nil
}

type putReviewIn struct {
	Template string `path:"template" maxLength:"64"`
	Body     struct {
		Rating int    `json:"rating" minimum:"1" maximum:"5"`
		Body   string `json:"body,omitempty" maxLength:"8000"`
	}
}

type reviewOut struct{ Body template.Review }

func (s *server) putTemplateReview(ctx context.Context, in *putReviewIn) (*reviewOut, error) {
	r, err := s.Templates.Rate(ctx, in.Template, in.Body.Rating, in.Body.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &reviewOut{Body: r}, nil
}

func (s *server) deleteTemplateReview(ctx context.Context, in *templateIn) (*struct{}, error) {
	if err := s.Templates.Unrate(ctx, in.Template); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
