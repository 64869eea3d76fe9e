package siteserver

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// discardWriter is a ResponseWriter that keeps nothing, so that the
// benchmark measures the handler rather than a recorder.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

func (d *discardWriter) Header() http.Header  { return d.h }
func (d *discardWriter) WriteHeader(code int) { d.code = code }
func (d *discardWriter) Write(b []byte) (int, error) {
	d.n += len(b)
	return len(b), nil
}

// BenchmarkServePage serves a published landing page (the renderer's flu
// clinic golden) with br accepted, from a warm cache, in parallel.
func BenchmarkServePage(b *testing.B) {
	html, err := os.ReadFile("../render/testdata/page-flu-clinic.golden.html")
	if err != nil {
		b.Fatal(err)
	}
	f := newFixture(b)
	h, _ := putManifest(b, f.objs, map[string]tf{
		"/":                  {body: string(html), typ: htmlType, csp: homeCSP, gz: true, br: true},
		"/services/flu/":     {body: strings.ToUpper(string(html)), typ: htmlType, gz: true, br: true},
		cssPath:              {body: "body{color:red}", typ: "text/css; charset=utf-8", immutable: true, gz: true, br: true},
		"/404.html":          {body: "not found", typ: htmlType},
		"/_pw/a/hero-1.avif": {body: "AVIF", typ: "image/avif", immutable: true},
	}, "/404.html")
	f.res.set(Live{SiteSlug: "riverside", Env: "production", ManifestHash: h, Access: Access{Mode: AccessPublic}})
	for _, bc := range []struct{ name, path, host string }{
		{"prefix", "/s/riverside/production/services/flu/", ""},
		{"host", "/", "www.clinic.example"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if bc.host != "" {
				f.res.set(Live{SiteSlug: "riverside", Env: "host", ManifestHash: h, Access: Access{Mode: AccessPublic}}, bc.host)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := httptest.NewRequest("GET", "http://app.example"+bc.path, nil)
				if bc.host != "" {
					r.Host = bc.host
				}
				r.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
				w := &discardWriter{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					if bc.host != "" {
						if !f.srv.ServeHost(w, r) {
							b.Error("not served")
							return
						}
					} else {
						f.srv.ServeHTTP(w, r)
					}
					if w.code != http.StatusOK || w.h.Get("Content-Encoding") != "br" {
						b.Errorf("status %d, encoding %q", w.code, w.h.Get("Content-Encoding"))
						return
					}
				}
			})
		})
	}
}

// FuzzPath feeds arbitrary paths to both kinds of routing: nothing
// panics, nothing of another site is ever served, and redirects stay
// within the site (and are never open redirects).
func FuzzPath(f *testing.F) {
	for _, s := range []string{"", "about/", "about", "../other/production/secret/", "%2e%2e/", "..%2f..%2fother",
		"//evil.example", "\\evil.example", "/\\evil.example/", "a b/", "index.html", "about/index.html", "..", "./././", "\x00",
		".well-known/x", "404.html", "_pw/site.3f2a1b9c0d4e.css", "\xff\xfe", "a/../../..//s/other/production/"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	fx := newFixture(f)
	h := fx.handler()
	f.Fuzz(func(t *testing.T, p string, byHost bool) {
		r := httptest.NewRequest("GET", "/", nil)
		base := "/s/clinic/production"
		if byHost {
			base = ""
			r.Host = "www.clinic.example"
		}
		r.URL = &url.URL{Path: base + "/" + p}
		r.RequestURI = r.URL.RequestURI()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if strings.Contains(w.Body.String(), "OTHER SITE") {
			t.Fatalf("%q served another site's file: %q", r.URL.Path, w.Body.String())
		}
		switch w.Code {
		case http.StatusOK, http.StatusNotFound:
		case http.StatusPermanentRedirect:
			loc := w.Header().Get("Location")
			if !strings.HasPrefix(loc, base+"/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Fatalf("%q redirected to %q", r.URL.Path, loc)
			}
			u, err := url.Parse(loc)
			if err != nil {
				t.Fatalf("%q redirected to unparsable %q: %v", r.URL.Path, loc, err)
			}
			if u.Host != "" || u.Scheme != "" {
				t.Fatalf("%q redirected off site: %q", r.URL.Path, loc)
			}
		default:
			t.Fatalf("%q: status %d", r.URL.Path, w.Code)
		}
	})
}
