package sitebuild

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

// target says where a rendered page is served, which is what its URLs are
// relative to.
type target struct {
	// depth is the number of folders of the page's path ("/" 0,
	// "/a/b/" 2): its URLs climb that many levels to the site's root.
	depth int
	// root, for a page served at any path (the 404 page), makes URLs
	// absolute paths under root (BaseURL's path) instead.
	root     string
	anywhere bool
	// canonical is the page's absolute URL, when the site's is known.
	canonical string
	noindex   bool
}

// pageTarget is the target of a page served at path.
func (b *builder) pageTarget(path string, noindex bool) target {
	t := target{depth: strings.Count(path, "/") - 1, noindex: noindex || b.in.NoIndex}
	if b.base != "" {
		t.canonical = b.base + path
	}
	return t
}

// url is the address of the site path p (starting with "/") as written in
// the page.
func (t target) url(p string) string {
	if t.anywhere {
		return t.root + p
	}
	var sb strings.Builder
	sb.Grow(3*t.depth + len(p))
	for range t.depth {
		sb.WriteString("../")
	}
	sb.WriteString(p[1:])
	if sb.Len() == 0 {
		return "./"
	}
	return sb.String()
}

// pageWorker builds pages one after another on one goroutine, reusing its
// buffers.
type pageWorker struct {
	b   *builder
	enc *encoder
	in  *interner
	out []byte
	key keyWriter
}

// newPageWorker returns a worker; call release when done with it.
func newPageWorker(b *builder) *pageWorker {
	return &pageWorker{b: b, enc: getEncoder(), in: newInterner()}
}

// release gives the worker's compressors back for the next build.
func (w *pageWorker) release() {
	putEncoder(w.enc)
	w.enc = nil
}

// page builds one page, or takes it from the previous build.
func (w *pageWorker) page(ctx context.Context, p *Page) (pageResult, error) {
	b := w.b
	docHash := p.DocHash
	if docHash == "" {
		docHash = hashHex(p.Document)
	}
	ids := assetRefs(p.Document)
	metas := make([]*assetMeta, len(ids))
	for i, id := range ids {
		metas[i] = b.assets.meta(ctx, id)
		if err := metas[i].err; err != nil {
			return pageResult{}, err
		}
	}
	t := b.pageTarget(p.Path, p.NoIndex)
	key := w.inputKey(p, docHash, t.noindex, ids, metas)
	entry := PageEntry{PageID: p.ID, Path: p.Path, Title: p.Title, DocHash: docHash, InputKey: key}

	if prev, ok := b.prevByID[p.ID]; ok && prev.InputKey == key && prev.Path == p.Path {
		r, ok, err := w.reuse(ctx, prev, entry)
		if err != nil || ok {
			return r, err
		}
	}

	d, err := parseDocument(p.Document, w.in)
	if err != nil {
		return pageResult{}, err
	}
	html, csp, used, err := w.render(ctx, d, t, ids)
	if err != nil {
		return pageResult{}, err
	}
	f, err := b.file(ctx, html, typeHTML, effortFast, w.enc)
	if err != nil {
		return pageResult{}, err
	}
	f.CSP = csp
	r := pageResult{entry: entry, file: f}
	for _, la := range used {
		for _, af := range la.files {
			if r.assets == nil {
				r.assets = map[string]File{}
			}
			if _, dup := r.assets[af.path]; !dup {
				r.assets[af.path] = af.file
				r.entry.Assets = append(r.entry.Assets, af.path)
			}
		}
	}
	slices.Sort(r.entry.Assets)
	return r, nil
}

// inputKey hashes everything the page's output depends on.
func (w *pageWorker) inputKey(p *Page, docHash string, noindex bool, ids []string, metas []*assetMeta) string {
	b := w.b
	k := &w.key
	k.buf = k.buf[:0]
	k.str(formatVersion)
	k.str(docHash)
	k.str(b.tokensHash)
	k.str(b.cssPath)
	k.str(b.base)
	k.str(p.Path)
	k.str(p.Title)
	k.bool(noindex)
	// Internal links are rewritten to the pages that exist.
	k.str(b.pathsHash)
	k.int(len(ids))
	for i, id := range ids {
		metas[i].keyPart(k, id)
	}
	return k.sum()
}

// reuse takes the page from the previous build if all its objects are
// still there.
func (w *pageWorker) reuse(ctx context.Context, prev, entry PageEntry) (pageResult, bool, error) {
	b := w.b
	f, ok := b.in.Previous.Files[prev.Path]
	if !ok || f.Hash == "" {
		return pageResult{}, false, nil
	}
	if ok, err := b.present(ctx, f); err != nil || !ok {
		return pageResult{}, false, err
	}
	r := pageResult{entry: entry, file: f, reused: true}
	r.entry.Assets = slices.Clone(prev.Assets)
	for _, ap := range prev.Assets {
		af, ok := b.in.Previous.Files[ap]
		if !ok {
			return pageResult{}, false, nil
		}
		if ok, err := b.present(ctx, af); err != nil || !ok {
			return pageResult{}, false, err
		}
		if r.assets == nil {
			r.assets = map[string]File{}
		}
		r.assets[ap] = af
	}
	return r, true, nil
}

// parseDocument decodes a page document. Documents come validated (and
// the renderer checks again everything it relies on), so the current
// schema version skips doc.Parse's validation; an older one is migrated by
// it, and anything unusual gets its full checks and error messages.
func parseDocument(b []byte, in *interner) (*doc.Document, error) {
	d, err := decodeDocumentWith(b, in)
	if err != nil {
		d = &doc.Document{}
		err = json.Unmarshal(b, d)
	}
	if err != nil || d.SchemaVersion != doc.SchemaVersion {
		pd, _, perr := doc.Parse(b)
		if perr != nil {
			return nil, fmt.Errorf("document: %w", perr)
		}
		return pd, nil
	}
	return d, nil
}

// render renders d for target t and returns the finished (minified) HTML,
// its Content-Security-Policy and the assets it uses. ids are the assets
// the document may refer to.
func (w *pageWorker) render(ctx context.Context, d *doc.Document, t target, ids []string) ([]byte, string, []*loadedAsset, error) {
	b := w.b
	opts := render.Options{Mode: render.Published, Tokens: preview.Refs{System: b.sys}, Breakpoints: b.breakpoints,
		Registry: b.reg, StylesheetHref: t.url(b.cssPath), SplitNodeCSS: true, Symbols: b.in.Symbols}
	var loaded map[string]*loadedAsset
	if b.in.Assets != nil {
		loaded = make(map[string]*loadedAsset, len(ids))
		for _, id := range ids {
			la, err := b.assets.load(ctx, id)
			if err != nil {
				return nil, "", nil, err
			}
			if la != nil {
				loaded[id] = la
			}
		}
		opts.Assets = assetResolver{loaded: loaded, t: t}
	}
	res, err := render.Render(d, opts)
	if err != nil {
		return nil, "", nil, err
	}
	used := make([]*loadedAsset, 0, len(res.Assets))
	for _, id := range res.Assets {
		if la := loaded[id]; la != nil {
			used = append(used, la)
		}
	}
	var og string
	if id, ok := component.AssetRef(d.Meta.OGImage); ok && b.base != "" {
		if la := loaded[id]; la != nil && len(la.files) > 0 {
			og = b.base + la.files[0].path
		}
	}
	w.out = w.finish(w.out[:0], res, t, og)
	html, err := w.enc.minify("text/html", w.out)
	if err != nil {
		return nil, "", nil, fmt.Errorf("minify: %w", err)
	}
	video := false
	for _, s := range res.Scripts {
		video = video || strings.Contains(s, "data-pw-yt")
	}
	return html, w.csp(html, w.out, video), used, nil
}

// finish is the renderer's page with its site links made relative and
// what only a build knows added to its head: the robots directive, the
// canonical URL, an og:image from the asset library, and the page's own
// node rules as critical CSS.
func (w *pageWorker) finish(dst []byte, res render.Result, t target, og string) []byte {
	src := res.HTML
	head := strings.Index(src, "</head>")
	if head < 0 {
		head = 0
	}
	dst = w.rewriteLinks(dst, src[:head], t)
	if t.noindex {
		dst = append(dst, `<meta name="robots" content="noindex">`+"\n"...)
	}
	if !strings.Contains(src[:head], `rel="icon"`) {
		// Without an icon browsers ask for /favicon.ico, a 404 (and a
		// console error) on every first visit.
		dst = append(dst, `<link rel="icon" href="data:,">`+"\n"...)
	}
	if t.canonical != "" && !t.anywhere {
		dst = append(dst, `<link rel="canonical" href="`...)
		dst = appendAttr(dst, t.canonical)
		dst = append(dst, "\">\n<meta property=\"og:url\" content=\""...)
		dst = appendAttr(dst, t.canonical)
		dst = append(dst, "\">\n"...)
	}
	if og != "" {
		dst = append(dst, `<meta property="og:image" content="`...)
		dst = appendAttr(dst, og)
		dst = append(dst, "\">\n"...)
	}
	if len(res.NodeCSS) > 0 {
		ids := make([]string, 0, len(res.NodeCSS))
		for id := range res.NodeCSS {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		dst = append(dst, "<style>"...)
		for _, id := range ids {
			dst = compactCSS(dst, res.NodeCSS[id])
		}
		dst = append(dst, "</style>\n"...)
	}
	// The component scripts close the body: put them back minified.
	body := src[head:]
	const end = "</body>\n</html>\n"
	var block strings.Builder
	for _, s := range res.Scripts {
		block.WriteString("<script>")
		block.WriteString(s)
		block.WriteString("</script>\n")
	}
	rest, ok := strings.CutSuffix(body, block.String()+end)
	if !ok || len(res.Scripts) == 0 {
		return w.rewriteLinks(dst, body, t)
	}
	dst = w.rewriteLinks(dst, rest, t)
	for _, s := range res.Scripts {
		dst = append(dst, "<script>"...)
		dst = append(dst, minifiedScript(s)...)
		dst = append(dst, "</script>"...)
	}
	return append(dst, end...)
}

// rewriteLinks appends src with each href or action that is an absolute
// path to a page of the site (or to the form endpoint) made relative to
// the page: the site may be served under a path prefix. Quotes in text
// and attribute values are escaped by the renderer, so `="/` occurs only
// where an attribute value starts.
func (w *pageWorker) rewriteLinks(dst []byte, src string, t target) []byte {
	for {
		i := strings.Index(src, `="/`)
		if i < 0 {
			return append(dst, src...)
		}
		name := src[:i]
		if !(strings.HasSuffix(name, " href") || strings.HasSuffix(name, " action")) {
			dst = append(dst, src[:i+3]...)
			src = src[i+3:]
			continue
		}
		dst = append(dst, src[:i+2]...)
		src = src[i+2:] // at the value's "/"
		end := strings.IndexByte(src, '"')
		if end < 0 {
			return append(dst, src...)
		}
		dst = append(dst, w.b.siteURL(src[:end], t)...)
		src = src[end:]
	}
}

// siteURL rewrites an absolute-path URL v ("/contact", "/contact/#hours",
// "/_forms/x") for target t, or returns it as it is when it points outside
// the pages of this build.
func (b *builder) siteURL(v string, t target) string {
	if strings.HasPrefix(v, "//") {
		return v // another host
	}
	p, rest := v, ""
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		p, rest = v[:i], v[i:]
	}
	if strings.HasPrefix(p, formsPrefix) {
		return t.url(p) + rest
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if !b.pagePaths[p] {
		return v
	}
	return t.url(p) + rest
}

// appendAttr appends s escaped for a double-quoted attribute value.
func appendAttr(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
