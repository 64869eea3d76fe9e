package sitebuild

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/token"
)

// Page is one page to build.
type Page struct {
	ID, Title string
	// Path is the page's URL path: "/" for the home page,
	// "/services/flu-clinic/" otherwise (always ending in "/").
	Path string
	// Document is the validated page document JSON (see doc.Parse).
	Document []byte
	// DocHash is the hex SHA-256 of Document; computed when empty.
	DocHash string
	// NoIndex keeps the page out of search engines: out of sitemap.xml,
	// and with <meta name="robots" content="noindex">.
	NoIndex bool
}

// AssetSource gives the build the site's images.
type AssetSource interface {
	// Asset describes an asset of the site by id; found is false if the
	// site has no such asset.
	Asset(ctx context.Context, id string) (a Asset, found bool, err error)
	// Open returns the bytes of the original (width 0) or of the variant of
	// that width and content type: a width may have a JPEG or PNG and a
	// WebP copy (see AssetVariant).
	Open(ctx context.Context, id string, width int, contentType string) ([]byte, error)
}

// Asset describes an image of the site's library.
type Asset struct {
	ID, Alt, ContentType string
	// SHA256 is the hex SHA-256 of the original's bytes. When empty the
	// build reads the original to find out whether it changed.
	SHA256        string
	Width, Height int
	Variants      []AssetVariant
}

// AssetVariant is a resized copy of an asset. A width may come twice: as
// the JPEG or PNG and as a WebP copy (ContentType "image/webp"), which
// pages offer in a <picture>'s <source>.
type AssetVariant struct {
	Width, Height int
	ContentType   string
}

// Objects is where content-addressed objects go: each is named by the hex
// SHA-256 of its bytes.
type Objects interface {
	Has(ctx context.Context, hash string) (bool, error)
	Put(ctx context.Context, hash string, data []byte) error
	Get(ctx context.Context, hash string) ([]byte, error)
}

// Input is what to build.
type Input struct {
	SiteID, BuildID string
	// BaseURL is the environment's public URL ("https://www.riverside.example"
	// or "http://localhost:8080/s/riverside/production"): absolute URLs in
	// sitemap.xml, robots.txt, canonical links and og:url. Empty means the
	// site's address is not known: no sitemap.xml, no canonical links.
	BaseURL string
	Pages   []Page
	// Tokens is the site's design system; nil means token.Default().
	Tokens *token.System
	// Assets gives the site's images; nil makes any "asset:" reference
	// fail the build, naming the page.
	Assets AssetSource
	// Symbols resolves the pages' component instances (component versions
	// are immutable, so a page's document names exactly what it shows and
	// the incremental key needs nothing more); nil makes an instance fail
	// the build, naming the page.
	Symbols render.SymbolResolver
	// Previous is the environment's last build: pages whose inputs have not
	// changed since are taken from it instead of being rendered.
	Previous *Manifest
	// NoIndex is for non-production environments: robots.txt disallows
	// everything and every page says noindex.
	NoIndex bool
	// Workers is how many pages render at once; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is told as pages finish (never concurrently).
	Progress func(done, total int)
	// Now is the clock for CreatedAt and sitemap lastmod; nil means
	// time.Now.
	Now func() time.Time
}

// Stats describe a finished build.
type Stats struct {
	// Pages is the number of pages in the input; Rendered of them were
	// rendered and Reused taken from Input.Previous.
	Pages, Rendered, Reused int
	// Files is the number of files in the manifest.
	Files int
	// NewObjects is how many objects were written (the rest existed).
	NewObjects int
	// Bytes is the size of the objects written.
	Bytes    int64
	Duration time.Duration
}

// PageError is the failure of one page: the build stops at it.
type PageError struct {
	PageID, Title, Path string
	Err                 error
}

// Error names the page and says what went wrong.
func (e *PageError) Error() string {
	return fmt.Sprintf("sitebuild: page %q (id %s, path %s): %v", e.Title, e.PageID, e.Path, e.Err)
}

// Unwrap returns the cause (a *render.Error when the renderer refused the
// document).
func (e *PageError) Unwrap() error { return e.Err }

// formatVersion is part of every page's InputKey. Bump it whenever what
// this package (or the renderer) makes of the same input changes, so that
// the next build renders every page again rather than reusing stale output.
const formatVersion = "sitebuild/2"

// Paths of the generated files.
const (
	notFoundPath = "/404.html"
	sitemapPath  = "/sitemap.xml"
	robotsPath   = "/robots.txt"
	notFoundPage = "/404/" // a page at this path becomes the 404 page
	assetDir     = "/_pw/a/"
	formsPrefix  = "/_forms/"
)

// Content types.
const (
	typeHTML = "text/html; charset=utf-8"
	typeCSS  = "text/css; charset=utf-8"
	typeXML  = "application/xml; charset=utf-8"
	typeText = "text/plain; charset=utf-8"
)

// Build renders every page of in into objs and returns the manifest of the
// site. It fails, with a *PageError naming the page, when a page does not
// render; the manifest is then nil. Objects already in objs are not written
// again, and pages whose InputKey matches their entry in in.Previous are
// not rendered again.
func Build(ctx context.Context, in Input, objs Objects) (*Manifest, Stats, error) {
	start := time.Now()
	b, err := newBuilder(in, objs)
	if err != nil {
		return nil, Stats{}, err
	}
	css, err := b.siteCSS()
	if err != nil {
		return nil, Stats{}, err
	}
	var (
		cssWait sync.WaitGroup
		cssErr  error
	)
	cssWait.Go(func() { cssErr = b.storeSiteCSS(ctx, css) })
	results, err := b.pages(ctx)
	cssWait.Wait()
	if err == nil {
		err = cssErr
	}
	if err != nil {
		return nil, Stats{}, err
	}
	m := &Manifest{Version: ManifestVersion, SiteID: in.SiteID, BuildID: in.BuildID, CreatedAt: b.now,
		BaseURL: b.base, Files: map[string]File{b.cssPath: b.cssFile}, NotFound: notFoundPath}
	st := Stats{Pages: len(in.Pages)}
	for _, r := range results {
		m.Files[r.entry.Path] = r.file
		for p, f := range r.assets {
			m.Files[p] = f
		}
		m.Pages = append(m.Pages, r.entry)
		if r.reused {
			st.Reused++
		} else {
			st.Rendered++
		}
	}
	slices.SortFunc(m.Pages, func(a, b PageEntry) int { return strings.Compare(a.Path, b.Path) })
	if err := b.extraFiles(ctx, m); err != nil {
		return nil, Stats{}, err
	}
	st.Files = len(m.Files)
	st.NewObjects, st.Bytes = b.newObjects, b.newBytes
	st.Duration = time.Since(start)
	return m, st, nil
}

// builder is the state of one Build.
type builder struct {
	in   Input
	objs Objects
	sys  *token.System
	reg  *component.Registry
	// breakpoints are the design system's, as the renderer takes them
	// (read only: shared by every render).
	breakpoints map[string]int
	now         time.Time
	// base is BaseURL without a trailing slash; basePath its path part,
	// which prefixes the 404 page's URLs.
	base, basePath string
	tokensHash     string
	cssPath        string
	cssFile        File
	// pagePaths are the page paths of this build, for rewriting links.
	pagePaths map[string]bool
	pathsHash string
	assets    *assetCache
	prevByID  map[string]PageEntry
	// prevByHash indexes Previous.Files by content: identical bytes keep
	// their precompressed copies instead of being compressed again.
	prevByHash map[string]File

	mu         sync.Mutex
	known      map[string]bool // objects known to be in objs
	newObjects int
	newBytes   int64
}

func newBuilder(in Input, objs Objects) (*builder, error) {
	if objs == nil {
		return nil, errors.New("sitebuild: no object store")
	}
	b := &builder{in: in, objs: objs, sys: in.Tokens, reg: component.Default(), known: map[string]bool{}}
	if b.sys == nil {
		b.sys = token.Default()
	}
	b.breakpoints = preview.Breakpoints(b.sys)
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	b.now = now().UTC()
	if in.BaseURL != "" {
		u, err := url.Parse(in.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("sitebuild: BaseURL %q must be an absolute http(s) URL without query or fragment", in.BaseURL)
		}
		b.base = strings.TrimRight(in.BaseURL, "/")
		b.basePath = strings.TrimRight(u.EscapedPath(), "/")
	}
	// The whole system, themes and breakpoints included: anything in it
	// can change how a page renders.
	tj, err := json.Marshal(b.sys)
	if err != nil {
		return nil, fmt.Errorf("sitebuild: design tokens: %w", err)
	}
	b.tokensHash = hashHex(tj)

	b.pagePaths = make(map[string]bool, len(in.Pages))
	ids := make(map[string]bool, len(in.Pages))
	for i := range in.Pages {
		p := &in.Pages[i]
		if err := checkPagePath(p.Path); err != nil {
			return nil, &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: err}
		}
		if b.pagePaths[p.Path] {
			return nil, &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: errors.New("another page has the same path")}
		}
		if p.ID == "" || ids[p.ID] {
			return nil, &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: errors.New("page ids must be present and unique")}
		}
		b.pagePaths[p.Path], ids[p.ID] = true, true
	}
	paths := make([]string, 0, len(b.pagePaths))
	for p := range b.pagePaths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	b.pathsHash = hashHex([]byte(strings.Join(paths, "\n")))

	b.assets = newAssetCache(in.Assets, b)
	if prev := in.Previous; prev != nil {
		b.prevByID = make(map[string]PageEntry, len(prev.Pages))
		for _, e := range prev.Pages {
			b.prevByID[e.PageID] = e
		}
		b.prevByHash = make(map[string]File, len(prev.Files))
		for _, f := range prev.Files {
			if _, dup := b.prevByHash[f.Hash]; !dup && validHash(f.Hash) {
				b.prevByHash[f.Hash] = f
			}
		}
	}
	return b, nil
}

// checkPagePath accepts "/" and "/a/b/" paths of plain segments, which need
// no escaping in a URL or in HTML and cannot climb out of the site.
func checkPagePath(p string) error {
	if p == "/" {
		return nil
	}
	if len(p) < 3 || p[0] != '/' || p[len(p)-1] != '/' || len(p) > 1024 {
		return fmt.Errorf("path %q must be \"/\" or start and end with \"/\"", p)
	}
	for i, seg := range strings.Split(p[1:len(p)-1], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("path %q has an empty, \".\" or \"..\" segment", p)
		}
		if i == 0 && strings.HasPrefix(seg, "_") { // _pw/, _forms/ and the like
			return fmt.Errorf("path %q: folders starting with \"_\" are reserved", p)
		}
		for j := 0; j < len(seg); j++ {
			c := seg[j]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
				return fmt.Errorf("path %q: segments may hold only letters, digits and - _ . ~", p)
			}
		}
	}
	return nil
}

// workers is how many goroutines render pages.
func (b *builder) workers() int {
	n := b.in.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, len(b.in.Pages)))
}

// pageResult is one page's share of the manifest.
type pageResult struct {
	entry  PageEntry
	file   File
	assets map[string]File
	reused bool
}

// pages builds every page on b.workers() goroutines. Results land in the
// input's order, so the manifest does not depend on scheduling.
func (b *builder) pages(ctx context.Context) ([]pageResult, error) {
	n := len(b.in.Pages)
	results := make([]pageResult, n)
	if n == 0 {
		return results, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	var (
		next     atomic.Int64 // the next page to take
		done     int
		progress sync.Mutex
	)
	for range b.workers() {
		g.Go(func() error {
			w := newPageWorker(b)
			defer w.release()
			for {
				if err := gctx.Err(); err != nil {
					return err
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return nil
				}
				p := &b.in.Pages[i]
				r, err := w.page(gctx, p)
				if err != nil {
					if ce := ctx.Err(); ce != nil {
						return ce
					}
					var pe *PageError
					if !errors.As(err, &pe) {
						err = &PageError{PageID: p.ID, Title: p.Title, Path: p.Path, Err: err}
					}
					return err
				}
				results[i] = r
				if b.in.Progress != nil {
					progress.Lock()
					done++
					b.in.Progress(done, n)
					progress.Unlock()
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, err
	}
	return results, nil
}

// store writes data to objs unless it is there already, returning its
// hash.
func (b *builder) store(ctx context.Context, data []byte) (string, error) {
	h := hashHex(data)
	return h, b.storeHashed(ctx, h, data)
}

func (b *builder) storeHashed(ctx context.Context, h string, data []byte) error {
	b.mu.Lock()
	ok := b.known[h]
	b.mu.Unlock()
	if ok {
		return nil
	}
	has, err := b.objs.Has(ctx, h)
	if err != nil {
		return fmt.Errorf("sitebuild: object %s: %w", h, err)
	}
	if !has {
		if err := b.objs.Put(ctx, h, data); err != nil {
			return fmt.Errorf("sitebuild: store object %s: %w", h, err)
		}
	}
	b.mu.Lock()
	if !b.known[h] {
		b.known[h] = true
		if !has {
			b.newObjects++
			b.newBytes += int64(len(data))
		}
	}
	b.mu.Unlock()
	return nil
}

// present reports whether every object of f is in objs.
func (b *builder) present(ctx context.Context, f File) (bool, error) {
	hs := []string{f.Hash}
	if f.Br != nil {
		hs = append(hs, f.Br.Hash)
	}
	if f.Gzip != nil {
		hs = append(hs, f.Gzip.Hash)
	}
	for _, h := range hs {
		b.mu.Lock()
		ok := b.known[h]
		b.mu.Unlock()
		if ok {
			continue
		}
		has, err := b.objs.Has(ctx, h)
		if err != nil {
			return false, fmt.Errorf("sitebuild: object %s: %w", h, err)
		}
		if !has {
			return false, nil
		}
		b.mu.Lock()
		b.known[h] = true
		b.mu.Unlock()
	}
	return true, nil
}

// file stores data as a file of type typ, with its precompressed copies
// when the type compresses. Bytes the previous build had already are not
// compressed again.
func (b *builder) file(ctx context.Context, data []byte, typ string, eff effort, enc *encoder) (File, error) {
	h := hashHex(data)
	if prev, ok := b.prevByHash[h]; ok && prev.Type == typ && prev.Size == int64(len(data)) && (prev.Br != nil || prev.Gzip != nil || !compressible(typ)) {
		ok, err := b.present(ctx, prev)
		if err != nil {
			return File{}, err
		}
		if ok {
			prev.CSP, prev.Immutable = "", false
			return prev, nil
		}
	}
	if err := b.storeHashed(ctx, h, data); err != nil {
		return File{}, err
	}
	f := File{Hash: h, Size: int64(len(data)), Type: typ}
	if !compressible(typ) {
		return f, nil
	}
	if enc == nil {
		enc = getEncoder()
		defer putEncoder(enc)
	}
	br, gz := enc.compress(data, eff)
	if len(br) < len(data) {
		bh, err := b.store(ctx, br)
		if err != nil {
			return File{}, err
		}
		f.Br = &Encoded{Hash: bh, Size: int64(len(br))}
	}
	if len(gz) < len(data) {
		gh, err := b.store(ctx, gz)
		if err != nil {
			return File{}, err
		}
		f.Gzip = &Encoded{Hash: gh, Size: int64(len(gz))}
	}
	return f, nil
}

// compressible reports whether files of the type are text worth
// precompressing.
func compressible(typ string) bool {
	mt, _, _ := strings.Cut(typ, ";")
	switch strings.TrimSpace(mt) {
	case "text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "application/xml", "image/svg+xml", "application/json", "application/manifest+json":
		return true
	}
	return false
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
