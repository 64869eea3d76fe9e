package sitebuild_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/net/html"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/sitebuild"
	"github.com/pagewright/pagewright/internal/token"
)

// node is shorthand for a document node.
type node struct {
	id, typ, parent string
	props           map[string]any
	styles          map[string]map[string]any
}

// document makes page document JSON from nodes listed in order: each
// node's position follows its earlier siblings'.
func document(title, ogImage string, nodes ...node) []byte {
	d := doc.Document{SchemaVersion: doc.SchemaVersion, Root: "root",
		Meta:  doc.Meta{Title: title, Description: "About " + title + ".", Lang: "en-GB", OGImage: ogImage},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page", Props: map[string]any{}}}}
	count := map[string]int{}
	for _, n := range nodes {
		parent := n.parent
		if parent == "" {
			parent = "root"
		}
		d.Nodes[n.id] = &doc.Node{ID: n.id, Type: n.typ, Parent: parent, Pos: fmt.Sprintf("a%d", count[parent]), Props: n.props, Styles: n.styles}
		count[parent]++
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	if _, _, err := doc.Parse(b); err != nil {
		panic(fmt.Sprintf("test document %q: %v", title, err))
	}
	return b
}

type links = []any

func link(label, href string) map[string]any { return map[string]any{"label": label, "href": href} }

// fakeAssets is an asset library in memory: bytes[id][width], and the
// WebP copies in webp[id][width].
type fakeAssets struct {
	assets map[string]sitebuild.Asset
	bytes  map[string]map[int][]byte
	webp   map[string]map[int][]byte
	opens  atomic.Int64 // Open calls
}

func (f *fakeAssets) Asset(_ context.Context, id string) (sitebuild.Asset, bool, error) {
	a, ok := f.assets[id]
	return a, ok, nil
}

func (f *fakeAssets) Open(_ context.Context, id string, width int, contentType string) ([]byte, error) {
	f.opens.Add(1)
	if width > 0 && contentType == "image/webp" {
		b, ok := f.webp[id][width]
		if !ok {
			return nil, fmt.Errorf("no WebP of asset %s at width %d", id, width)
		}
		return b, nil
	}
	b, ok := f.bytes[id][width]
	if !ok {
		return nil, fmt.Errorf("no asset %s at width %d", id, width)
	}
	return b, nil
}

// rehash sets each asset's SHA256 from its original's bytes, as a real
// asset library does.
func (f *fakeAssets) rehash() *fakeAssets {
	for id, a := range f.assets {
		sum := sha256.Sum256(f.bytes[id][0])
		a.SHA256 = fmt.Sprintf("%x", sum)
		f.assets[id] = a
	}
	return f
}

// withoutHashes clears the SHA256s, as a source that does not know them.
func (f *fakeAssets) withoutHashes() *fakeAssets {
	for id, a := range f.assets {
		a.SHA256 = ""
		f.assets[id] = a
	}
	return f
}

func newFakeAssets() *fakeAssets {
	return (&fakeAssets{
		assets: map[string]sitebuild.Asset{
			"hero1": {ID: "hero1", Alt: "A nurse smiling at a patient", ContentType: "image/jpeg", Width: 1600, Height: 900,
				Variants: []sitebuild.AssetVariant{{Width: 320, Height: 180, ContentType: "image/jpeg"}, {Width: 640, Height: 360, ContentType: "image/jpeg"}}},
			"logo": {ID: "logo", Alt: "Riverside Health logo", ContentType: "image/png", Width: 200, Height: 100},
		},
		bytes: map[string]map[int][]byte{
			"hero1": {0: []byte("jpeg bytes of the 1600px original"), 320: []byte("jpeg bytes at 320px"), 640: []byte("jpeg bytes at 640px")},
			"logo":  {0: []byte("png bytes of the logo")},
		},
	}).rehash()
}

// smallSite is a four-page site: a home page, a section page, a page
// nested under it and a NoIndex contact page, with an image asset with
// variants, internal links of every shape, a form and a script.
func smallSite() []sitebuild.Page {
	nav := node{"nav", "Navbar", "", map[string]any{"brand": "Riverside Health", "brandHref": "/", "links": links{
		link("Services", "/services/"), link("Flu clinic", "/services/flu-clinic"), link("Contact", "/contact#form"), link("NHS", "https://www.nhs.uk/"),
	}}, nil}
	foot := node{"foot", "Footer", "", map[string]any{"text": "© 2026 Riverside Health", "links": links{
		link("Contact", "/contact/"), link("Email us", "mailto:hello@riverside.example"), link("Top", "#top"), link("Old page", "/no-such-page/"),
	}}, nil}
	pages := []sitebuild.Page{
		{ID: "p-home", Title: "Home", Path: "/", Document: document("Riverside Health", "asset:hero1",
			nav,
			node{"hero", "Hero", "", map[string]any{"heading": "Care close to home", "text": "Clinics across the valley.", "ctaText": "Book", "ctaHref": "/services/flu-clinic/?from=home", "image": "asset:hero1", "imageAlt": "A nurse smiling at a patient"},
				map[string]map[string]any{"base": {"background-color": "{color.background.subtle}"}, "md": {"padding": "6rem 2rem"}}},
			node{"intro", "Section", "", map[string]any{"label": "Introduction"}, nil},
			node{"intro-t", "Text", "intro", map[string]any{"html": `<p>Book your <a href="/services/flu-clinic/">flu shot</a> today.</p>`}, nil},
			foot)},
		{ID: "p-services", Title: "Services", Path: "/services/", Document: document("Services", "",
			nav,
			node{"s", "Section", "", map[string]any{"label": "Services"}, nil},
			node{"h", "Heading", "s", map[string]any{"text": "Our services", "level": 1}, map[string]map[string]any{"base": {"color": "{color.text.strong}"}}},
			node{"img", "Image", "s", map[string]any{"src": "asset:hero1"}, nil},
			node{"logo", "Image", "s", map[string]any{"src": "asset:logo"}, nil},
			node{"cols", "Columns", "s", map[string]any{"count": 1, "countMd": 2}, nil},
			node{"c1", "Card", "cols", map[string]any{"title": "Flu clinic", "level": 2}, map[string]map[string]any{"hover": {"border-color": "{color.primary}"}}},
			node{"c1b", "Button", "c1", map[string]any{"text": "Flu clinic", "href": "/services/flu-clinic/"}, nil},
			node{"c2", "Card", "cols", map[string]any{"title": "Home", "level": 2}, nil},
			node{"c2l", "Link", "c2", map[string]any{"text": "Back home", "href": "/"}, nil},
			node{"cdn", "Image", "s", map[string]any{"src": "https://cdn.example.org/flu/poster.jpg", "alt": "A flu poster", "width": 400, "height": 300}, nil},
			node{"video", "Video", "s", map[string]any{"videoId": "dQw4w9WgXcQ", "title": "How the flu shot works"}, nil},
			foot)},
		{ID: "p-flu", Title: "Flu clinic", Path: "/services/flu-clinic/", Document: document("Flu clinic", "",
			nav,
			node{"s", "Section", "", map[string]any{"label": "Flu clinic"}, nil},
			node{"h", "Heading", "s", map[string]any{"text": "Book your flu shot", "level": 1}, map[string]map[string]any{"base": {"margin-bottom": "{space.4}"}}},
			node{"tabs", "Tabs", "s", map[string]any{"label": "Clinic details"}, nil},
			node{"form", "Form", "s", map[string]any{"formId": "flu-booking", "label": "Flu shot booking"}, nil},
			node{"f-name", "TextInput", "form", map[string]any{"label": "Full name", "name": "name", "required": true, "autocomplete": "name"}, nil},
			node{"f-submit", "SubmitButton", "form", map[string]any{"text": "Book"}, nil},
			node{"up", "Link", "s", map[string]any{"text": "All services", "href": "/services"}, nil},
			foot)},
		{ID: "p-contact", Title: "Contact", Path: "/contact/", NoIndex: true, Document: document("Contact us", "",
			nav,
			node{"s", "Section", "", map[string]any{"label": "Contact", "anchor": "form"}, nil},
			node{"h", "Heading", "s", map[string]any{"text": "Contact us", "level": 1}, nil},
			node{"t", "Text", "s", map[string]any{"html": "<p>Call 01234 567890.</p>"}, nil},
			foot)},
	}
	return pages
}

// prefixBase is the address of an environment served under a path prefix,
// without DNS.
const prefixBase = "http://localhost:8080/s/riverside/production"

var fixedNow = func() time.Time { return time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC) }

func smallInput() sitebuild.Input {
	return sitebuild.Input{SiteID: "riverside", BuildID: "b1", BaseURL: prefixBase,
		Pages: smallSite(), Tokens: token.Default(), Assets: newFakeAssets(), Now: fixedNow}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// build builds in into a fresh MemObjects and fails the test on error.
func build(t testing.TB, in sitebuild.Input) (*sitebuild.Manifest, sitebuild.Stats, *sitebuild.MemObjects) {
	t.Helper()
	objs := &sitebuild.MemObjects{}
	m, st, err := sitebuild.Build(context.Background(), in, objs)
	if err != nil {
		t.Fatal(err)
	}
	return m, st, objs
}

// object returns the bytes of an object, failing the test if it is not
// stored or does not match its name.
func object(t testing.TB, objs sitebuild.Objects, hash string) []byte {
	t.Helper()
	b, err := objs.Get(context.Background(), hash)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); fmt.Sprintf("%x", sum) != hash {
		t.Fatalf("object %s holds bytes hashing to %x", hash, sum)
	}
	return b
}

// served returns the identity bytes served at path p.
func served(t testing.TB, m *sitebuild.Manifest, objs sitebuild.Objects, p string) []byte {
	t.Helper()
	f, ok := m.Files[p]
	if !ok {
		t.Fatalf("no file at %s", p)
	}
	return object(t, objs, f.Hash)
}

// htmlPaths are the manifest's HTML files, sorted.
func htmlPaths(m *sitebuild.Manifest) []string {
	var out []string
	for p, f := range m.Files {
		if strings.HasPrefix(f.Type, "text/html") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// urlRef is one URL a page refers to.
type urlRef struct{ tag, attr, val string }

// pageURLs lists the URLs in href, src, srcset and action attributes.
func pageURLs(t testing.TB, page []byte) []urlRef {
	t.Helper()
	var out []urlRef
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			switch a.Key {
			case "href", "src", "action":
				out = append(out, urlRef{tok.Data, a.Key, a.Val})
			case "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					u, _, _ := strings.Cut(strings.TrimSpace(c), " ")
					out = append(out, urlRef{tok.Data, a.Key, u})
				}
			}
		}
	}
}

// inlineContents returns the text of every <style> and <script> element.
func inlineContents(t testing.TB, page []byte) (styles, scripts []string, attrs []string) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	in := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.StartTagToken:
			tok := z.Token()
			if tok.Data == "style" || tok.Data == "script" {
				in = tok.Data
			}
			for _, a := range tok.Attr {
				attrs = append(attrs, a.Key)
			}
		case html.EndTagToken:
			in = ""
		case html.TextToken:
			switch in {
			case "style":
				styles = append(styles, string(z.Raw()))
			case "script":
				scripts = append(scripts, string(z.Raw()))
			}
		}
	}
}

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// directive returns the sources of one CSP directive.
func directive(csp, name string) []string {
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 && f[0] == name {
			return f[1:]
		}
	}
	return nil
}

func TestBuildSmallSite(t *testing.T) {
	in := smallInput()
	m, st, objs := build(t, in)
	pages := map[string]sitebuild.Page{}
	for _, p := range in.Pages {
		pages[p.Path] = p
	}
	cssPath := ""
	for p := range m.Files {
		if strings.HasPrefix(p, "/_pw/site.") {
			cssPath = p
		}
	}
	base, _ := url.Parse(prefixBase)

	cases := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"stats", func(t *testing.T) {
			if st.Pages != 4 || st.Rendered != 4 || st.Reused != 0 || st.Files != len(m.Files) || st.NewObjects != objs.Len() || st.Bytes <= 0 {
				t.Errorf("stats %+v (objects %d, files %d)", st, objs.Len(), len(m.Files))
			}
		}},
		{"manifest lists the files", func(t *testing.T) {
			want := []string{"/", "/404.html", "/contact/", "/robots.txt", "/services/", "/services/flu-clinic/", "/sitemap.xml", cssPath}
			for _, p := range want {
				if _, ok := m.Files[p]; !ok {
					t.Errorf("no %s", p)
				}
			}
			// Four asset files: the hero's original and two variants, and the logo.
			n := 0
			for p, f := range m.Files {
				if strings.HasPrefix(p, "/_pw/a/") {
					n++
					if !f.Immutable || !regexp.MustCompile(`^/_pw/a/[0-9a-f]{16}\.(jpg|png)$`).MatchString(p) || !strings.HasPrefix(f.Hash, p[len("/_pw/a/"):len("/_pw/a/")+16]) {
						t.Errorf("asset file %s: %+v", p, f)
					}
				}
			}
			if n != 4 || len(m.Files) != len(want)+4 {
				t.Errorf("%d asset files, %d files", n, len(m.Files))
			}
			if m.NotFound != "/404.html" || m.Version != sitebuild.ManifestVersion || m.BaseURL != prefixBase || m.SiteID != "riverside" || !m.CreatedAt.Equal(fixedNow()) {
				t.Errorf("manifest header %+v", m)
			}
			var got []string
			for _, e := range m.Pages {
				got = append(got, e.Path)
			}
			if !slices.Equal(got, []string{"/", "/contact/", "/services/", "/services/flu-clinic/"}) {
				t.Errorf("pages in order %v", got)
			}
		}},
		{"every entry resolves", func(t *testing.T) {
			for p, f := range m.Files {
				b := object(t, objs, f.Hash)
				if int64(len(b)) != f.Size {
					t.Errorf("%s: size %d, manifest says %d", p, len(b), f.Size)
				}
				if f.Br != nil && int64(len(object(t, objs, f.Br.Hash))) != f.Br.Size {
					t.Errorf("%s: br size", p)
				}
				if f.Gzip != nil && int64(len(object(t, objs, f.Gzip.Hash))) != f.Gzip.Size {
					t.Errorf("%s: gzip size", p)
				}
			}
		}},
		{"precompressed copies decompress to the file", func(t *testing.T) {
			for p, f := range m.Files {
				// Images are compressed already; text files keep a copy
				// when it is smaller, which for all but a tiny one (the
				// robots.txt) it is.
				img := strings.HasPrefix(f.Type, "image/")
				if img && (f.Br != nil || f.Gzip != nil) || !img && f.Size > 500 && f.Br == nil {
					t.Errorf("%s (%s): br %v gzip %v", p, f.Type, f.Br, f.Gzip)
				}
				if (strings.HasPrefix(f.Type, "text/html") || strings.HasPrefix(f.Type, "text/css")) && f.Gzip == nil {
					t.Errorf("%s: no gzip copy", p)
				}
				id := object(t, objs, f.Hash)
				if f.Br != nil {
					got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(object(t, objs, f.Br.Hash))))
					if err != nil || !bytes.Equal(got, id) {
						t.Errorf("%s: br does not decompress to the file (%v)", p, err)
					}
					if f.Br.Size >= f.Size {
						t.Errorf("%s: br copy is not smaller", p)
					}
				}
				if f.Gzip != nil {
					zr, err := gzip.NewReader(bytes.NewReader(object(t, objs, f.Gzip.Hash)))
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(zr)
					if err != nil || !bytes.Equal(got, id) {
						t.Errorf("%s: gzip does not decompress to the file (%v)", p, err)
					}
				}
			}
		}},
		{"site CSS is named by its hash", func(t *testing.T) {
			f := m.Files[cssPath]
			css := served(t, m, objs, cssPath)
			sum := sha256.Sum256(css)
			if cssPath != fmt.Sprintf("/_pw/site.%x.css", sum[:6]) || !f.Immutable || f.Type != "text/css; charset=utf-8" {
				t.Errorf("%s: %+v", cssPath, f)
			}
			for _, want := range []string{"--pw-color-primary", "[data-theme=dark]", ".pw-page{", ".pw-tablist", ".pw-video{", "box-sizing:border-box"} {
				if !bytes.Contains(css, []byte(want)) {
					t.Errorf("site CSS lacks %q", want)
				}
			}
			if bytes.Contains(css, []byte(".pw-n-")) || bytes.Contains(css, []byte("\n")) {
				t.Error("site CSS holds node rules or is not minified")
			}
		}},
		{"pages are minified HTML5", func(t *testing.T) {
			for _, p := range htmlPaths(m) {
				b := served(t, m, objs, p)
				if !bytes.HasPrefix(b, []byte("<!doctype html><html lang=en-GB><head><meta charset=utf-8>")) {
					t.Errorf("%s starts %q", p, b[:min(len(b), 80)])
				}
				if bytes.Count(b, []byte("\n")) > 0 || !bytes.HasSuffix(b, []byte("</html>")) {
					t.Errorf("%s is not minified: %d newlines", p, bytes.Count(b, []byte("\n")))
				}
				if f := m.Files[p]; f.Type != "text/html; charset=utf-8" || f.Immutable {
					t.Errorf("%s: %+v", p, f)
				}
			}
		}},
		{"URLs are relative and resolve", func(t *testing.T) {
			for _, p := range htmlPaths(m) {
				page := served(t, m, objs, p)
				// The 404 page is served at any address.
				at := p
				if p == "/404.html" {
					at = "/some/deep/missing/address"
				}
				from, err := url.Parse(prefixBase + at)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range pageURLs(t, page) {
					if strings.HasPrefix(r.val, "#") || strings.HasPrefix(r.val, "mailto:") || r.val == "data:," || strings.HasPrefix(r.val, "https://") && !strings.Contains(r.attr, "canonical") {
						continue
					}
					if r.tag == "link" && strings.HasPrefix(r.val, prefixBase) {
						continue // the canonical link
					}
					if r.val == "/no-such-page/" {
						continue // not a page of this site: left alone
					}
					if p != "/404.html" && strings.HasPrefix(r.val, "/") {
						t.Errorf("%s: %s %s=%q is not relative", p, r.tag, r.attr, r.val)
						continue
					}
					u, err := from.Parse(r.val)
					if err != nil {
						t.Errorf("%s: %q: %v", p, r.val, err)
						continue
					}
					sitePath, ok := strings.CutPrefix(u.Path, base.Path)
					if !ok || u.Host != base.Host {
						t.Errorf("%s: %q leaves the site: %s", p, r.val, u)
						continue
					}
					if _, ok := m.Files[sitePath]; !ok && !strings.HasPrefix(sitePath, "/_forms/") {
						t.Errorf("%s: %s %s=%q resolves to %s, which the site does not have", p, r.tag, r.attr, r.val, sitePath)
					}
				}
			}
		}},
		{"nested page URLs", func(t *testing.T) {
			page := string(served(t, m, objs, "/services/flu-clinic/"))
			for _, want := range []string{
				`<link rel=stylesheet href=../../` + cssPath[1:] + `>`,
				`<a class=pw-navbar-brand href=../../>`,
				`<a href=../../services/flu-clinic/>Flu clinic</a>`,
				`<a href=../../contact/#form>Contact</a>`,
				`<a href=https://www.nhs.uk/>NHS</a>`,
				`action=../../_forms/flu-booking`,
				`<a class=pw-link href=../../services/>All services</a>`,
				`<link rel=canonical href=` + prefixBase + `/services/flu-clinic/>`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("flu clinic page lacks %s", want)
				}
			}
			home := string(served(t, m, objs, "/"))
			for _, want := range []string{
				`href=` + cssPath[1:] + `>`,
				`<a class=pw-navbar-brand href=./>`,
				`<a class="pw-button pw-button--primary" href="services/flu-clinic/?from=home">`,
				`<a href=services/flu-clinic/>flu shot</a>`,
				`srcset="_pw/a/`,
				`<meta property="og:image" content="` + prefixBase + `/_pw/a/`,
			} {
				if !strings.Contains(home, want) {
					t.Errorf("home page lacks %s", want)
				}
			}
			svc := string(served(t, m, objs, "/services/"))
			if !regexp.MustCompile(`<span class=pw-image><img src=../_pw/a/[0-9a-f]{16}\.jpg alt="A nurse smiling at a patient" width=1600 height=900 srcset="../_pw/a/[0-9a-f]{16}\.jpg 320w, ../_pw/a/[0-9a-f]{16}\.jpg 640w"`).MatchString(svc) {
				t.Errorf("services page image:\n%s", svc)
			}
		}},
		{"page entries", func(t *testing.T) {
			for _, e := range m.Pages {
				p := pages[e.Path]
				sum := sha256.Sum256(p.Document)
				if e.PageID != p.ID || e.Title != p.Title || e.DocHash != fmt.Sprintf("%x", sum) || len(e.InputKey) != 64 {
					t.Errorf("entry %+v", e)
				}
				for _, a := range e.Assets {
					if _, ok := m.Files[a]; !ok {
						t.Errorf("%s: asset %s not in the manifest", e.Path, a)
					}
				}
			}
			if n := len(m.Pages[0].Assets); n != 3 { // home: the hero's three files
				t.Errorf("home page assets %v", m.Pages[0].Assets)
			}
			if n := len(m.Pages[2].Assets); n != 4 { // services: the hero's and the logo
				t.Errorf("services page assets %v", m.Pages[2].Assets)
			}
		}},
		{"sitemap", func(t *testing.T) {
			got := string(served(t, m, objs, "/sitemap.xml"))
			want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + prefixBase + `/</loc><lastmod>2026-03-14</lastmod></url>
<url><loc>` + prefixBase + `/services/</loc><lastmod>2026-03-14</lastmod></url>
<url><loc>` + prefixBase + `/services/flu-clinic/</loc><lastmod>2026-03-14</lastmod></url>
</urlset>
`
			if got != want {
				t.Errorf("sitemap.xml:\n%s", got)
			}
			if f := m.Files["/sitemap.xml"]; f.Type != "application/xml; charset=utf-8" || f.Immutable {
				t.Errorf("%+v", f)
			}
		}},
		{"robots", func(t *testing.T) {
			got := string(served(t, m, objs, "/robots.txt"))
			if got != "User-agent: *\nAllow: /\n\nSitemap: "+prefixBase+"/sitemap.xml\n" {
				t.Errorf("robots.txt:\n%s", got)
			}
		}},
		{"404 page", func(t *testing.T) {
			got := string(served(t, m, objs, "/404.html"))
			for _, want := range []string{`<title>Page not found</title>`, `<h1 class=pw-heading>Page not found</h1>`,
				`<a class=pw-link href=/s/riverside/production/>Go to the home page</a>`,
				`<link rel=stylesheet href=/s/riverside/production` + cssPath + `>`, `<meta name=robots content="noindex">`} {
				if !strings.Contains(got, want) {
					t.Errorf("404 page lacks %s:\n%s", want, got)
				}
			}
			if strings.Contains(got, "canonical") {
				t.Error("404 page has a canonical link")
			}
		}},
		{"NoIndex page", func(t *testing.T) {
			for _, p := range htmlPaths(m) {
				has := bytes.Contains(served(t, m, objs, p), []byte(`<meta name=robots content="noindex">`))
				if want := p == "/contact/" || p == "/404.html"; has != want {
					t.Errorf("%s: noindex %v, want %v", p, has, want)
				}
			}
		}},
		{"CSP hashes the inline elements", func(t *testing.T) {
			for _, p := range htmlPaths(m) {
				f := m.Files[p]
				styles, scripts, attrs := inlineContents(t, served(t, m, objs, p))
				for _, a := range attrs {
					if a == "style" || strings.HasPrefix(a, "on") {
						t.Errorf("%s: has a %s attribute, which the CSP does not allow", p, a)
					}
				}
				want := func(dir string, contents []string) {
					var hashes []string
					for _, c := range contents {
						if h := cspHash(c); !slices.Contains(hashes, h) {
							hashes = append(hashes, h)
						}
					}
					got := directive(f.CSP, dir)
					if !slices.Equal(got, append([]string{"'self'"}, hashes...)) {
						t.Errorf("%s: %s %v, want 'self' and %v", p, dir, got, hashes)
					}
				}
				want("style-src", styles)
				want("script-src", scripts)
				for _, d := range []string{"default-src 'self'", "form-action 'self'", "base-uri 'self'", "frame-ancestors 'self'", "object-src 'none'"} {
					if !strings.Contains(f.CSP, d) {
						t.Errorf("%s: CSP lacks %s: %s", p, d, f.CSP)
					}
				}
			}
			if got := directive(m.Files["/services/flu-clinic/"].CSP, "script-src"); len(got) != 2 {
				t.Errorf("the tabs' script is not allowed: %v", got)
			}
			svc := m.Files["/services/"].CSP
			if got := strings.Join(directive(svc, "img-src"), " "); got != "'self' data: https://cdn.example.org https://i.ytimg.com" {
				t.Errorf("services img-src %s", got)
			}
			if got := strings.Join(directive(svc, "frame-src"), " "); got != "'self' https://www.youtube-nocookie.com" {
				t.Errorf("services frame-src %s", got)
			}
			if got := strings.Join(directive(m.Files["/"].CSP, "img-src"), " "); got != "'self' data:" {
				t.Errorf("home img-src %s", got)
			}
		}},
		{"non-HTML files have no CSP", func(t *testing.T) {
			for p, f := range m.Files {
				if (f.CSP != "") != strings.HasPrefix(f.Type, "text/html") {
					t.Errorf("%s: CSP %q", p, f.CSP)
				}
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

// comparable is the manifest as JSON without what differs between two
// builds of the same input.
func comparable(t testing.TB, m *sitebuild.Manifest) string {
	t.Helper()
	c := *m
	c.BuildID, c.CreatedAt = "", time.Time{}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildIsDeterministic(t *testing.T) {
	first, _, _ := build(t, smallInput())
	want := comparable(t, first)
	for _, c := range []struct {
		name    string
		workers int
		buildID string
	}{{"one worker", 1, "b2"}, {"two workers", 2, "b3"}, {"eight workers", 8, "b4"}} {
		t.Run(c.name, func(t *testing.T) {
			in := smallInput()
			in.Workers, in.BuildID = c.workers, c.buildID
			in.Now = func() time.Time { return fixedNow().Add(time.Hour) } // same day
			m, _, _ := build(t, in)
			if got := comparable(t, m); got != want {
				t.Errorf("manifest differs:\n%s\nwant\n%s", got, want)
			}
			if m.BuildID != c.buildID {
				t.Errorf("build id %q", m.BuildID)
			}
		})
	}
}

func TestGoldenManifest(t *testing.T) {
	m, _, _ := build(t, smallInput())
	got := comparable(t, m) + "\n"
	path := filepath.Join("testdata", "small-site.manifest.golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/sitebuild/ -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; diff, then rerun with -update if intended.\n--- got ---\n%s", path, got)
	}
}

func TestNoIndexEnvironment(t *testing.T) {
	cases := []struct {
		name      string
		noIndex   bool
		baseURL   string
		robots    string
		sitemap   bool
		canonical bool
	}{
		{"production", false, "https://www.riverside.example", "User-agent: *\nAllow: /\n\nSitemap: https://www.riverside.example/sitemap.xml\n", true, true},
		{"staging", true, "https://staging.riverside.example", "User-agent: *\nDisallow: /\n", true, true},
		{"no base URL", false, "", "User-agent: *\nAllow: /\n", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := smallInput()
			in.NoIndex, in.BaseURL = c.noIndex, c.baseURL
			m, _, objs := build(t, in)
			if got := string(served(t, m, objs, "/robots.txt")); got != c.robots {
				t.Errorf("robots.txt %q", got)
			}
			if _, ok := m.Files["/sitemap.xml"]; ok != c.sitemap {
				t.Errorf("sitemap.xml present: %v", ok)
			}
			for _, p := range htmlPaths(m) {
				page := served(t, m, objs, p)
				noindex := bytes.Contains(page, []byte(`<meta name=robots content="noindex">`))
				if want := c.noIndex || p == "/contact/" || p == "/404.html"; noindex != want {
					t.Errorf("%s: noindex %v", p, noindex)
				}
				if p != "/404.html" && bytes.Contains(page, []byte("rel=canonical")) != c.canonical {
					t.Errorf("%s: canonical link present: %v", p, !c.canonical)
				}
			}
		})
	}
}

func TestNotFoundPageFromSite(t *testing.T) {
	in := smallInput()
	in.Pages = append(in.Pages, sitebuild.Page{ID: "p-404", Title: "Lost", Path: "/404/", Document: document("Lost?", "",
		node{"s", "Section", "", map[string]any{"label": "Lost"}, nil},
		node{"h", "Heading", "s", map[string]any{"text": "We could not find that page", "level": 1}, nil},
		node{"img", "Image", "s", map[string]any{"src": "asset:logo"}, nil},
		node{"l", "Link", "s", map[string]any{"text": "Contact us", "href": "/contact"}, nil})})
	m, _, objs := build(t, in)
	got := string(served(t, m, objs, "/404.html"))
	for _, want := range []string{"We could not find that page", `href=/s/riverside/production/contact/>`, `src=/s/riverside/production/_pw/a/`, `content="noindex"`} {
		if !strings.Contains(got, want) {
			t.Errorf("404.html lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(string(served(t, m, objs, "/sitemap.xml")), "/404/") {
		t.Error("the 404 page is in the sitemap")
	}
	if !strings.Contains(string(served(t, m, objs, "/404/")), `href=../contact/>`) {
		t.Error("the /404/ page itself is not relative")
	}
}

func TestBuildErrors(t *testing.T) {
	unknownToken := document("Broken", "", node{"h", "Heading", "", map[string]any{"text": "Hi"}, map[string]map[string]any{"base": {"color": "{color.no.such}"}}})
	withAsset := document("Pictures", "", node{"img", "Image", "", map[string]any{"src": "asset:hero1"}, nil})
	missingAsset := document("Pictures", "", node{"img", "Image", "", map[string]any{"src": "asset:gone"}, nil})
	failing := newFakeAssets()
	delete(failing.bytes["hero1"], 640)
	cases := []struct {
		name   string
		edit   func(in *sitebuild.Input)
		page   string // the id the error must name, if a page's
		substr []string
	}{
		{"unknown token", func(in *sitebuild.Input) { in.Pages[2].Document = unknownToken }, "p-flu",
			[]string{`page "Flu clinic"`, "p-flu", `node "h"`, "styles.base.color", "unknown token {color.no.such}"}},
		{"asset without an asset source", func(in *sitebuild.Input) {
			in.Pages = in.Pages[1:2]
			in.Pages[0].Document, in.Assets = withAsset, nil
		}, "p-services",
			[]string{`page "Services"`, `node "img"`, "no asset library"}},
		{"asset the site does not have", func(in *sitebuild.Input) { in.Pages[1].Document = missingAsset }, "p-services",
			[]string{`page "Services"`, `node "img"`, `asset "gone", which does not exist`}},
		{"variant that cannot be read", func(in *sitebuild.Input) { in.Assets = failing }, "",
			[]string{`asset "hero1", width 640`}},
		{"two pages at one path", func(in *sitebuild.Input) { in.Pages[3].Path = "/services/" }, "p-contact",
			[]string{"same path"}},
		{"bad path", func(in *sitebuild.Input) { in.Pages[3].Path = "/../etc/" }, "p-contact",
			[]string{`".."`}},
		{"reserved path", func(in *sitebuild.Input) { in.Pages[3].Path = "/_pw/x/" }, "p-contact",
			[]string{"reserved"}},
		{"duplicate id", func(in *sitebuild.Input) { in.Pages[3].ID = "p-home" }, "p-home",
			[]string{"unique"}},
		{"bad base URL", func(in *sitebuild.Input) { in.BaseURL = "ftp://x" }, "",
			[]string{"BaseURL"}},
		{"not a document", func(in *sitebuild.Input) { in.Pages[0].Document = []byte(`{"nodes":`) }, "p-home",
			[]string{`page "Home"`, "document"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := smallInput()
			c.edit(&in)
			objs := &sitebuild.MemObjects{}
			m, _, err := sitebuild.Build(context.Background(), in, objs)
			if err == nil || m != nil {
				t.Fatalf("built (%v, %v)", m, err)
			}
			for _, s := range c.substr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			var pe *sitebuild.PageError
			if c.page != "" && (!errors.As(err, &pe) || pe.PageID != c.page) {
				t.Errorf("error %v does not name page %s", err, c.page)
			}
		})
	}
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := smallInput()
	in.Pages, in.Assets = benchSite(200, 5), benchAssets(5)
	m, _, err := sitebuild.Build(ctx, in, &sitebuild.MemObjects{})
	if !errors.Is(err, context.Canceled) || m != nil {
		t.Fatalf("got %v, %v", m, err)
	}
	// Cancelled halfway: the build stops without finishing the pages.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	in.Progress = func(done, total int) {
		n = done
		if done == 10 {
			cancel()
		}
	}
	in.Workers = 2
	if _, _, err := sitebuild.Build(ctx, in, &sitebuild.MemObjects{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n >= 200 {
		t.Errorf("built %d pages after cancelling", n)
	}
}

func TestProgress(t *testing.T) {
	in := smallInput()
	in.Workers = 3
	var calls []int
	in.Progress = func(done, total int) {
		if total != 4 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done) // serialised by Build, so no lock
	}
	build(t, in)
	if !slices.Equal(calls, []int{1, 2, 3, 4}) {
		t.Errorf("progress %v", calls)
	}
}

func TestEmptySite(t *testing.T) {
	in := smallInput()
	in.Pages = nil
	m, st, objs := build(t, in)
	if st.Pages != 0 || len(m.Pages) != 0 {
		t.Errorf("stats %+v, pages %v", st, m.Pages)
	}
	for _, p := range []string{"/404.html", "/robots.txt", "/sitemap.xml"} {
		served(t, m, objs, p)
	}
	if !strings.Contains(string(served(t, m, objs, "/404.html")), `<html lang=en>`) {
		t.Error("the 404 page of a site without a home page is not in English")
	}
}
