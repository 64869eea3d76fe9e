package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/token"
)

type componentTypesOut struct {
	Body struct {
		Items []*component.Type `json:"items"`
	}
}

func signedIn(ctx context.Context) error {
	if !access.ActorFrom(ctx).Authenticated() {
		return fail(ctx, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue."))
	}
	return nil
}

func (s *server) listComponentTypes(ctx context.Context, _ *struct{}) (*componentTypesOut, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	out := &componentTypesOut{}
	out.Body.Items = component.Default().List()
	return out, nil
}

type renderIn struct {
	Body struct {
		Document json.RawMessage `json:"document" doc:"A page document (schema v1)"`
		Node     string          `json:"node,omitempty" maxLength:"64" doc:"Render only this node's subtree, as a fragment"`
		Mode     string          `json:"mode,omitempty" enum:"editor,published" doc:"editor (default) marks nodes with data-pw-node"`
		Site     string          `json:"site,omitempty" maxLength:"64" doc:"Render with this site's design system (default: the built-in tokens)"`
		// The canvas replaces one node's rules when that node changes.
		SplitNodeCSS bool `json:"splitNodeCss,omitempty" doc:"Return each node's own rules in nodeCss instead of css"`
	}
}

type renderOut struct {
	Body struct {
		HTML    string            `json:"html"`
		CSS     string            `json:"css"`
		Scripts []string          `json:"scripts"`
		NodeCSS map[string]string `json:"nodeCss,omitempty" doc:"With splitNodeCss: node id → that node's rules"`
	}
}

// renderErr names the node and field of a render failure.
func renderErr(ctx context.Context, err error) error {
	var re *render.Error
	if errors.As(err, &re) {
		loc := "body.document.nodes." + re.Node
		if re.Field != "" {
			loc += "." + re.Field
		}
		return fail(ctx, errs.Invalid("render.invalid", re.Error(), errs.FieldError{Location: loc, Message: re.Message}))
	}
	return fail(ctx, err)
}

// render is the editor canvas's renderer: the same Go renderer as
// previews and builds, never a second one in the browser.
func (s *server) render(ctx context.Context, in *renderIn) (*renderOut, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	d, _, err := doc.Parse(in.Body.Document)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys := token.Default()
	if in.Body.Site != "" {
		ds, err := s.DesignSystems.Get(ctx, in.Body.Site)
		if err != nil {
			return nil, fail(ctx, err)
		}
		if sys, err = designsystem.System(ds); err != nil {
			return nil, fail(ctx, err)
		}
	}
	var assets render.AssetResolver = assetMap{}
	if in.Body.Site != "" {
		if assets, err = s.siteAssets(ctx, in.Body.Site, d); err != nil {
			return nil, fail(ctx, err)
		}
	}
	mode := render.Editor
	if in.Body.Mode == "published" {
		mode = render.Published
	}
	syms, err := s.Symbols(ctx, render.InstanceRefs(d))
	if err != nil {
		return nil, fail(ctx, err)
	}
	res, err := render.Render(d, render.Options{Tokens: preview.Refs{System: sys}, Breakpoints: preview.Breakpoints(sys), Mode: mode,
		Subtree: in.Body.Node, SplitNodeCSS: in.Body.SplitNodeCSS, Assets: assets, Symbols: syms})
	if err != nil {
		return nil, renderErr(ctx, err)
	}
	out := &renderOut{}
	out.Body.HTML, out.Body.CSS, out.Body.Scripts, out.Body.NodeCSS = res.HTML, res.CSS, res.Scripts, res.NodeCSS
	if out.Body.Scripts == nil {
		out.Body.Scripts = []string{}
	}
	return out, nil
}

type previewOut struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

// pagePreview is the page exactly as it would publish, with its CSS inline.
func (s *server) pagePreview(ctx context.Context, in *pageIn) (*previewOut, error) {
	d, err := s.Pages.GetDocument(ctx, in.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	parsed, _, err := doc.Parse(d.JSON)
	if err != nil {
		return nil, fail(ctx, err)
	}
	// The preview wears the site's own design system.
	ds, err := s.DesignSystems.Get(ctx, d.SiteID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys, err := designsystem.System(ds)
	if err != nil {
		return nil, fail(ctx, err)
	}
	assets, err := s.siteAssets(ctx, d.SiteID, parsed)
	if err != nil {
		return nil, fail(ctx, err)
	}
	syms, err := s.Symbols(ctx, render.InstanceRefs(parsed))
	if err != nil {
		return nil, fail(ctx, err)
	}
	html, err := preview.PageWith(parsed, sys, preview.Options{Assets: assets, Symbols: syms})
	if err != nil {
		return nil, renderErr(ctx, err)
	}
	return &previewOut{ContentType: "text/html; charset=utf-8", CacheControl: "no-store", Body: []byte(html)}, nil
}

func renderOp(o huma.Operation) huma.Operation {
	o.MaxBodyBytes = doc.MaxBytes + 4096
	return o
}

func htmlOp(o huma.Operation) huma.Operation {
	o.Responses = map[string]*huma.Response{"200": {Description: "An HTML document",
		Content: map[string]*huma.MediaType{"text/html": {Schema: &huma.Schema{Type: "string"}}}}}
	return o
}

// assetMap is an AssetResolver over assets loaded for one render.
type assetMap map[string]component.Asset

func (m assetMap) Asset(id string) (component.Asset, bool) {
	a, ok := m[id]
	return a, ok
}

// siteAssets loads the images a document refers to as "asset:<id>", from
// the given site's library only: a page cannot show another site's image.
// An id that is not found stays unresolved, and the render then names the
// node and prop that refer to it.
func (s *server) siteAssets(ctx context.Context, siteID string, d *doc.Document) (assetMap, error) {
	ids := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if id, ok := strings.CutPrefix(x, "asset:"); ok && id != "" && len(id) <= 64 {
				ids[id] = true
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, n := range d.Nodes {
		if !n.Hidden {
			walk(n.Props)
		}
	}
	walk(d.Meta.OGImage)
	out := assetMap{}
	if s.Assets == nil || len(ids) == 0 {
		return out, nil
	}
	for id := range ids {
		a, err := s.Assets.Get(ctx, id)
		if errs.Is(err, errs.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if a.SiteID != siteID {
			continue
		}
		ra := component.Asset{Src: asset.URL(a.ID), Width: a.Width, Height: a.Height, Alt: a.Alt}
		for _, v := range a.Variants {
			ra.Variants = append(ra.Variants, component.AssetVariant{URL: asset.URL(a.ID) + "?w=" + strconv.Itoa(v.Width), Width: v.Width})
		}
		out[id] = ra
	}
	return out, nil
}
