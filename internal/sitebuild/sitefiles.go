package sitebuild

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
)

// siteCSS makes the one stylesheet of the site: the design tokens (every
// theme), the renderer's base rules and the base CSS of every component
// type. It does not depend on the pages, so editing a page never changes
// it and browsers keep it cached across the whole site; each page's own
// rules travel inline with the page. It returns the minified stylesheet
// and sets b.cssPath, which pages link to.
func (b *builder) siteCSS() ([]byte, error) {
	tokens, err := b.sys.CSS()
	if err != nil {
		return nil, fmt.Errorf("sitebuild: design tokens: %w", err)
	}
	base, err := b.baseCSS()
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.Write(tokens)
	sb.WriteString(base)
	for _, t := range b.reg.List() {
		if t.CSS != "" {
			sb.WriteString(t.CSS)
			sb.WriteByte('\n')
		}
	}
	enc := getEncoder()
	defer putEncoder(enc)
	css, err := enc.minify("text/css", []byte(sb.String()))
	if err != nil {
		return nil, fmt.Errorf("sitebuild: minify the site CSS: %w", err)
	}
	b.cssPath = "/_pw/site." + hashHex(css)[:12] + ".css"
	return css, nil
}

// storeSiteCSS stores the stylesheet with its precompressed copies. Its
// best brotli takes a while, which it spends while the pages render.
func (b *builder) storeSiteCSS(ctx context.Context, css []byte) error {
	// An encoder of its own, not the pool's: the best brotli's tables take
	// some 24 MB, which pages have no use for.
	f, err := b.file(ctx, css, typeCSS, effortBest, new(encoder))
	if err != nil {
		return err
	}
	f.Immutable = true
	b.cssFile = f
	return nil
}

// baseCSS is the renderer's page-wide base rules. The renderer gives them
// only as the start of a page's CSS, so this renders an empty page (which
// uses just the Page type) and takes the Page type's CSS off the end.
func (b *builder) baseCSS() (string, error) {
	page, ok := b.reg.Get("Page")
	if !ok {
		return "", fmt.Errorf("sitebuild: the component registry has no Page type")
	}
	d := &doc.Document{SchemaVersion: doc.SchemaVersion, Root: "root", Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	res, err := render.Render(d, render.Options{Mode: render.Published, Registry: b.reg, SplitNodeCSS: true})
	if err != nil {
		return "", fmt.Errorf("sitebuild: base CSS: %w", err)
	}
	suffix := page.CSS + "\n"
	if page.CSS == "" {
		suffix = ""
	}
	base, ok := strings.CutSuffix(res.CSS, suffix)
	if !ok {
		return "", fmt.Errorf("sitebuild: base CSS: the renderer's CSS does not end with the Page type's")
	}
	return base, nil
}

// extraFiles adds the 404 page, sitemap.xml and robots.txt.
func (b *builder) extraFiles(ctx context.Context, m *Manifest) error {
	nf, err := b.notFound(ctx)
	if err != nil {
		return err
	}
	m.Files[notFoundPath] = nf.file
	for p, f := range nf.assets {
		m.Files[p] = f
	}
	if b.base != "" {
		sm, err := b.file(ctx, b.sitemap(m), typeXML, effortFast, nil)
		if err != nil {
			return err
		}
		m.Files[sitemapPath] = sm
	}
	rb, err := b.file(ctx, b.robots(), typeText, effortFast, nil)
	if err != nil {
		return err
	}
	m.Files[robotsPath] = rb
	return nil
}

// notFound renders the 404 page: the site's page at "/404/" if it has
// one, otherwise a short generated page in the site's design. It is served
// at whatever path was asked for, so its URLs cannot be relative: they are
// absolute paths under BaseURL's path.
func (b *builder) notFound(ctx context.Context) (pageResult, error) {
	var d *doc.Document
	var ids []string
	for i := range b.in.Pages {
		if p := &b.in.Pages[i]; p.Path == notFoundPage {
			var err error
			if d, err = parseDocument(p.Document, nil); err != nil {
				return pageResult{}, &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: err}
			}
			ids = assetRefs(p.Document)
			for _, id := range ids {
				if err := b.assets.meta(ctx, id).err; err != nil {
					return pageResult{}, &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: err}
				}
			}
		}
	}
	if d == nil {
		d = notFoundDocument(b.homeLang())
	}
	w := newPageWorker(b)
	defer w.release()
	t := target{anywhere: true, root: b.basePath, noindex: true}
	html, csp, used, err := w.render(ctx, d, t, ids)
	if err != nil {
		return pageResult{}, &PageError{Title: "Page not found", Path: notFoundPath, Err: err}
	}
	f, err := b.file(ctx, html, typeHTML, effortFast, w.enc)
	if err != nil {
		return pageResult{}, err
	}
	f.CSP = csp
	r := pageResult{file: f}
	for _, la := range used {
		for _, af := range la.files {
			if r.assets == nil {
				r.assets = map[string]File{}
			}
			r.assets[af.path] = af.file
		}
	}
	return r, nil
}

// homeLang is the language of the home page, for the generated 404 page.
func (b *builder) homeLang() string {
	for i := range b.in.Pages {
		if b.in.Pages[i].Path == "/" {
			var d struct {
				Meta struct {
					Lang string `json:"lang"`
				} `json:"meta"`
			}
			if json.Unmarshal(b.in.Pages[i].Document, &d) == nil && d.Meta.Lang != "" {
				return d.Meta.Lang
			}
		}
	}
	return "en"
}

// notFoundDocument is the generated 404 page: a heading, a sentence and
// the way home.
func notFoundDocument(lang string) *doc.Document {
	return &doc.Document{SchemaVersion: doc.SchemaVersion, Root: "root",
		Meta: doc.Meta{Title: "Page not found", Lang: lang},
		Nodes: map[string]*doc.Node{
			"root":    {ID: "root", Type: "Page", Props: map[string]any{}},
			"section": {ID: "section", Type: "Section", Parent: "root", Pos: "a0", Props: map[string]any{"label": "Page not found"}},
			"heading": {ID: "heading", Type: "Heading", Parent: "section", Pos: "a0", Props: map[string]any{"text": "Page not found", "level": float64(1)}},
			"text": {ID: "text", Type: "Text", Parent: "section", Pos: "a1",
				Props: map[string]any{"html": "<p>Sorry, there is no page at this address. It may have moved, or the link may be mistyped.</p>"}},
			"home": {ID: "home", Type: "Link", Parent: "section", Pos: "a2", Props: map[string]any{"text": "Go to the home page", "href": "/"}},
		}}
}

// sitemap lists the pages search engines may index, with absolute URLs.
func (b *builder) sitemap(m *Manifest) []byte {
	noindex := make(map[string]bool, len(b.in.Pages))
	for _, p := range b.in.Pages {
		noindex[p.Path] = p.NoIndex
	}
	lastmod := b.now.Format("2006-01-02")
	var sb strings.Builder
	sb.WriteString(xml.Header)
	sb.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, e := range m.Pages {
		if noindex[e.Path] || e.Path == notFoundPage {
			continue
		}
		sb.WriteString("<url><loc>")
		_ = xml.EscapeText(&sb, []byte(b.base+e.Path)) // a strings.Builder does not fail
		sb.WriteString("</loc><lastmod>")
		sb.WriteString(lastmod)
		sb.WriteString("</lastmod></url>\n")
	}
	sb.WriteString("</urlset>\n")
	return []byte(sb.String())
}

// robots lets crawlers in, pointing them at the sitemap, or keeps them
// out of a non-production environment.
func (b *builder) robots() []byte {
	if b.in.NoIndex {
		return []byte("User-agent: *\nDisallow: /\n")
	}
	s := "User-agent: *\nAllow: /\n"
	if b.base != "" {
		s += "\nSitemap: " + b.base + sitemapPath + "\n"
	}
	return []byte(s)
}
