package siteserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// want describes the expected response; empty fields are not checked.
type want struct {
	status   int
	body     string // exact body
	contains string // substring of the body
	header   map[string]string
	absent   []string // headers that must not be set
}

func check(t *testing.T, w *httptest.ResponseRecorder, exp want) {
	t.Helper()
	if w.Code != exp.status {
		t.Fatalf("status %d, want %d (body %q)", w.Code, exp.status, w.Body.String())
	}
	if exp.body != "" && w.Body.String() != exp.body {
		t.Errorf("body %q, want %q", w.Body.String(), exp.body)
	}
	if exp.contains != "" && !strings.Contains(w.Body.String(), exp.contains) {
		t.Errorf("body %q does not contain %q", w.Body.String(), exp.contains)
	}
	for k, v := range exp.header {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	for _, k := range exp.absent {
		if got, ok := w.Header()[http.CanonicalHeaderKey(k)]; ok {
			t.Errorf("%s set to %q, want absent", k, got)
		}
	}
}

func TestRouting(t *testing.T) {
	f := newFixture(t)
	home := clinicFiles["/"].body
	tests := []struct {
		name string
		req  req
		want want
	}{
		{"prefix home", req{target: "/s/clinic/production/"}, want{status: 200, body: home}},
		{"prefix page", req{target: "/s/clinic/production/about/"}, want{status: 200, body: clinicFiles["/about/"].body}},
		{"prefix file", req{target: "/s/clinic/production/robots.txt"}, want{status: 200, body: clinicFiles["/robots.txt"].body}},
		{"prefix other site", req{target: "/s/other/production/"}, want{status: 200, body: otherFiles["/"].body}},
		{"env without slash redirects", req{target: "/s/clinic/production"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/"}}},
		{"env without slash keeps query", req{target: "/s/clinic/production?utm=x&y=1"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/?utm=x&y=1"}}},
		{"page without slash redirects", req{target: "/s/clinic/production/about"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/about/"}}},
		{"page without slash keeps query", req{target: "/s/clinic/production/about?a=1"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/about/?a=1"}}},
		{"escaped page redirect", req{target: "/s/clinic/production/a%20b"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/a%20b/"}}},
		{"escaped page", req{target: "/s/clinic/production/a%20b/"}, want{status: 200, body: clinicFiles["/a b/"].body}},
		{"index.html is the page", req{target: "/s/clinic/production/about/index.html"}, want{status: 200, body: clinicFiles["/about/"].body}},
		{"root index.html", req{target: "/s/clinic/production/index.html"}, want{status: 200, body: home}},
		{"percent-encoded letters", req{target: "/s/clinic/production/%61bout/"}, want{status: 200, body: clinicFiles["/about/"].body}},
		{"double slash cleaned", req{target: "/s/clinic/production//about/"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/about/"}}},
		{"dot segment cleaned", req{target: "/s/clinic/production/./about/./"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/about/"}}},
		{"dot-dot stays in the site", req{target: "/s/clinic/production/about/../../../other/production/secret/"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/other/production/secret/"}}},
		{"encoded dot-dot stays in the site", req{target: "/s/clinic/production/%2e%2e/%2e%2e/other/production/"},
			want{status: 308, header: map[string]string{"Location": "/s/clinic/production/other/production/"}}},
		{"unknown path gets the site's 404 page", req{target: "/s/clinic/production/nope/"},
			want{status: 404, body: clinicFiles["/404.html"].body, header: map[string]string{"Content-Type": htmlType}, absent: []string{"ETag"}}},
		{"unknown file gets the site's 404 page", req{target: "/s/clinic/production/nope.png"},
			want{status: 404, body: clinicFiles["/404.html"].body}},
		{"404 page itself is 200", req{target: "/s/clinic/production/404.html"}, want{status: 200, body: clinicFiles["/404.html"].body}},
		{"built-in 404 without a site 404", req{target: "/s/bare/production/nope"},
			want{status: 404, contains: "Page not found", header: map[string]string{"Content-Type": htmlType}}},
		{"unknown site", req{target: "/s/nosuch/production/"}, want{status: 404, contains: "Page not found"}},
		{"unknown env", req{target: "/s/clinic/nosuch/"}, want{status: 404, contains: "Page not found"}},
		{"site without env", req{target: "/s/clinic"}, want{status: 404, contains: "Page not found"}},
		{"site slash without env", req{target: "/s/clinic/"}, want{status: 404, contains: "Page not found"}},
		{"bare prefix", req{target: "/s/"}, want{status: 404, contains: "Page not found"}},
		{"host home", req{target: "/", host: "www.clinic.example"}, want{status: 200, body: home}},
		{"host with port and case", req{target: "/about/", host: "WWW.Clinic.Example:8443"}, want{status: 200, body: clinicFiles["/about/"].body}},
		{"host with trailing dot", req{target: "/", host: "www.clinic.example."}, want{status: 200, body: home}},
		{"host page redirect", req{target: "/about", host: "www.clinic.example"},
			want{status: 308, header: map[string]string{"Location": "/about/"}}},
		{"host double slash is not an open redirect", req{target: "//evil.example/", host: "www.clinic.example"},
			want{status: 308, header: map[string]string{"Location": "/evil.example/"}}},
		{"host owns /s/ too", req{target: "/s/other/production/", host: "www.clinic.example"},
			want{status: 404, body: clinicFiles["/404.html"].body}},
		{"host 404", req{target: "/nope", host: "www.clinic.example"}, want{status: 404, body: clinicFiles["/404.html"].body}},
		{"other host", req{target: "/", host: "other.example"}, want{status: 200, body: otherFiles["/"].body}},
		{"unknown host falls through to the app", req{target: "/", host: "unknown.example"},
			want{status: 200, body: "app UI", header: map[string]string{"X-App": "ui"}}},
		{"HEAD has headers and no body", req{method: "HEAD", target: "/s/clinic/production/"},
			want{status: 200, body: "", header: map[string]string{"Content-Length": fmt.Sprint(len(home)), "Content-Type": htmlType}}},
		{"HEAD of the 404", req{method: "HEAD", target: "/s/clinic/production/nope"},
			want{status: 404, header: map[string]string{"Content-Length": fmt.Sprint(len(clinicFiles["/404.html"].body))}}},
		{"POST is 405", req{method: "POST", target: "/s/clinic/production/"},
			want{status: 405, header: map[string]string{"Allow": "GET, HEAD"}, contains: "Method not allowed"}},
		{"DELETE is 405 by host", req{method: "DELETE", target: "/", host: "www.clinic.example"},
			want{status: 405, header: map[string]string{"Allow": "GET, HEAD"}}},
		{"OPTIONS is 405", req{method: "OPTIONS", target: "/s/clinic/production/about/"},
			want{status: 405, header: map[string]string{"Allow": "GET, HEAD"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.do(t, tc.req), tc.want)
		})
	}
}

func TestConditional(t *testing.T) {
	f := newFixture(t)
	id := f.clinicWM.Files["/"].Hash
	gz := f.clinicWM.Files["/"].Gzip.Hash
	br := f.clinicWM.Files["/"].Br.Hash
	tag := func(h string) string { return `"` + h[:20] + `"` }
	tests := []struct {
		name string
		hdr  map[string]string
		want want
	}{
		{"identity etag", nil, want{status: 200, header: map[string]string{"ETag": tag(id)}}},
		{"gzip etag", map[string]string{"Accept-Encoding": "gzip"}, want{status: 200, header: map[string]string{"ETag": tag(gz)}}},
		{"br etag", map[string]string{"Accept-Encoding": "br"}, want{status: 200, header: map[string]string{"ETag": tag(br)}}},
		{"match", map[string]string{"If-None-Match": tag(id)},
			want{status: 304, body: "", header: map[string]string{"ETag": tag(id), "Cache-Control": "public, max-age=0, must-revalidate", "Vary": "Accept-Encoding"},
				absent: []string{"Content-Length", "Content-Type"}}},
		{"match br", map[string]string{"Accept-Encoding": "br", "If-None-Match": tag(br)}, want{status: 304, body: ""}},
		{"identity tag does not match br", map[string]string{"Accept-Encoding": "br", "If-None-Match": tag(id)}, want{status: 200, header: map[string]string{"Content-Encoding": "br"}}},
		{"list", map[string]string{"If-None-Match": `"nope", ` + tag(id) + `, "other"`}, want{status: 304}},
		{"list without spaces", map[string]string{"If-None-Match": `"nope",` + tag(id)}, want{status: 304}},
		{"weak", map[string]string{"If-None-Match": "W/" + tag(id)}, want{status: 304}},
		{"weak in list", map[string]string{"If-None-Match": `W/"x", W/` + tag(id)}, want{status: 304}},
		{"star", map[string]string{"If-None-Match": "*"}, want{status: 304}},
		{"no match", map[string]string{"If-None-Match": `"0000"`}, want{status: 200, body: clinicFiles["/"].body}},
		{"unquoted is malformed", map[string]string{"If-None-Match": id[:20]}, want{status: 200}},
		{"full hash is another tag", map[string]string{"If-None-Match": `"` + id + `"`}, want{status: 200}},
		{"unterminated", map[string]string{"If-None-Match": `"` + id[:20]}, want{status: 200}},
		{"empty", map[string]string{"If-None-Match": ""}, want{status: 200}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.do(t, req{target: "/s/clinic/production/", header: tc.hdr}), tc.want)
		})
	}
	t.Run("HEAD 304", func(t *testing.T) {
		check(t, f.do(t, req{method: "HEAD", target: "/s/clinic/production/", header: map[string]string{"If-None-Match": tag(id)}}), want{status: 304, body: ""})
	})
	t.Run("404 page ignores If-None-Match", func(t *testing.T) {
		check(t, f.do(t, req{target: "/s/clinic/production/nope", header: map[string]string{"If-None-Match": "*"}}), want{status: 404})
	})
	t.Run("several If-None-Match lines", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/s/clinic/production/", nil)
		r.Header.Add("If-None-Match", `"a"`)
		r.Header.Add("If-None-Match", tag(id))
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		check(t, w, want{status: 304})
	})
}

func TestEncoding(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		path   string
		accept string // "-" means no header
		enc    string // expected Content-Encoding, "" for identity
	}{
		{"absent", "/", "-", ""},
		{"empty", "/", "", ""},
		{"browser", "/", "gzip, deflate, br, zstd", "br"},
		{"br only", "/", "br", "br"},
		{"gzip only", "/", "gzip", "gzip"},
		{"x-gzip", "/", "x-gzip", "gzip"},
		{"upper case", "/", "GZIP", "gzip"},
		{"identity only", "/", "identity", ""},
		{"br refused", "/", "br;q=0, gzip", "gzip"},
		{"br refused spaced", "/", "gzip , br ; q=0", "gzip"},
		{"all refused", "/", "br;q=0, gzip;q=0", ""},
		{"gzip preferred by q", "/", "br;q=0.5, gzip;q=1.0", "gzip"},
		{"equal q prefers br", "/", "gzip;q=0.8, br;q=0.8", "br"},
		{"star", "/", "*", "br"},
		{"star refused", "/", "*;q=0", ""},
		{"star with br refused", "/", "*, br;q=0", "gzip"},
		{"identity preferred", "/", "gzip;q=0.5, identity", ""},
		{"identity refused still identity when nothing else", "/", "identity;q=0", ""},
		{"star refused identity allowed", "/", "*;q=0, identity", ""},
		{"malformed q ignored", "/", "br;q=2, gzip", "gzip"},
		{"malformed q ignored only that element", "/", "br;q=abc", ""},
		{"q with three decimals", "/", "br;q=0.001", "br"},
		{"unknown coding", "/", "zstd, deflate", ""},
		{"gzip only file asked for br", "/gz-only/", "br, gzip", "gzip"},
		{"gzip only file asked for br only", "/gz-only/", "br", ""},
		{"file without copies", "/robots.txt", "br, gzip", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.accept != "-" {
				hdr["Accept-Encoding"] = tc.accept
			}
			w := f.do(t, req{target: "/s/clinic/production" + tc.path, header: hdr})
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Content-Encoding"); got != tc.enc {
				t.Fatalf("Content-Encoding %q, want %q", got, tc.enc)
			}
			body := clinicFiles[tc.path].body
			if got, err := decode(tc.enc, w.Body.Bytes()); err != nil || got != body {
				t.Errorf("decoded body %q (%v), want %q", got, err, body)
			}
			if got := w.Header().Get("Content-Length"); got != fmt.Sprint(w.Body.Len()) {
				t.Errorf("Content-Length %s, body %d bytes", got, w.Body.Len())
			}
			wantVary := ""
			if clinicFiles[tc.path].gz || clinicFiles[tc.path].br {
				wantVary = "Accept-Encoding"
			}
			if got := w.Header().Get("Vary"); got != wantVary {
				t.Errorf("Vary %q, want %q", got, wantVary)
			}
		})
	}
	t.Run("several Accept-Encoding lines", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/s/clinic/production/", nil)
		r.Header.Add("Accept-Encoding", "gzip")
		r.Header.Add("Accept-Encoding", "br;q=0")
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		check(t, w, want{status: 200, header: map[string]string{"Content-Encoding": "gzip"}})
	})
	t.Run("404 page is compressed too", func(t *testing.T) {
		w := f.do(t, req{target: "/s/clinic/production/nope", header: map[string]string{"Accept-Encoding": "br"}})
		check(t, w, want{status: 404, header: map[string]string{"Content-Encoding": "br", "Vary": "Accept-Encoding"}})
		if got, err := decode("br", w.Body.Bytes()); err != nil || got != clinicFiles["/404.html"].body {
			t.Errorf("decoded %q (%v)", got, err)
		}
	})
}

func TestRange(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		path string
		hdr  map[string]string
		want want
	}{
		{"range", "/video.mp4", map[string]string{"Range": "bytes=2-5"},
			want{status: 206, body: "2345", header: map[string]string{"Content-Range": "bytes 2-5/20", "Content-Length": "4", "Content-Type": "video/mp4"}}},
		{"open range", "/video.mp4", map[string]string{"Range": "bytes=18-"}, want{status: 206, body: "ij"}},
		{"unsatisfiable", "/video.mp4", map[string]string{"Range": "bytes=50-60"}, want{status: 416}},
		{"range is served uncompressed", "/", map[string]string{"Range": "bytes=0-3", "Accept-Encoding": "br, gzip"},
			want{status: 206, body: "<h1>", absent: []string{"Content-Encoding"}}},
		{"if-range with a stale tag sends everything", "/video.mp4", map[string]string{"Range": "bytes=0-1", "If-Range": `"old"`},
			want{status: 200, body: clinicFiles["/video.mp4"].body}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.do(t, req{target: "/s/clinic/production" + tc.path, header: tc.hdr}), tc.want)
		})
	}
}

func TestHeaders(t *testing.T) {
	f := newFixture(t)
	const defaultCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
	tests := []struct {
		name   string
		target string
		host   string
		want   map[string]string
		absent []string
	}{
		{"html page", "/s/clinic/production/about/", "", map[string]string{
			"Content-Type": htmlType, "Cache-Control": "public, max-age=0, must-revalidate",
			"Content-Security-Policy": defaultCSP}, []string{"X-Robots-Tag", "Strict-Transport-Security"}},
		{"csp from the manifest", "/s/clinic/production/", "", map[string]string{"Content-Security-Policy": homeCSP}, nil},
		{"hashed css is immutable", "/s/clinic/production" + cssPath, "", map[string]string{
			"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable"}, nil},
		{"text", "/s/clinic/production/robots.txt", "", map[string]string{"Content-Type": "text/plain; charset=utf-8"}, []string{"Vary"}},
		{"type guessed from the name", "/s/clinic/production/logo.svg", "", map[string]string{"Content-Type": "image/svg+xml"}, nil},
		{"video", "/s/clinic/production/video.mp4", "", map[string]string{"Content-Type": "video/mp4"}, nil},
		{"by host", "/about/", "www.clinic.example", map[string]string{"Cache-Control": "public, max-age=0, must-revalidate"}, nil},
		{"non-public is never stored", "/s/clinic/staging/", "", map[string]string{}, nil},
		{"built-in page", "/s/nosuch/env/", "", map[string]string{"Cache-Control": "no-store", "Content-Type": htmlType}, []string{"ETag"}},
		{"redirect", "/s/clinic/production/about", "", map[string]string{"Cache-Control": "public, max-age=0, must-revalidate"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if strings.Contains(tc.target, "staging") {
				hdr["X-Test-Role"] = "viewer"
				tc.want["Cache-Control"] = "private, no-store"
				tc.want["X-Robots-Tag"] = "noindex"
			}
			w := f.do(t, req{target: tc.target, host: tc.host, header: hdr})
			common := map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "strict-origin-when-cross-origin",
				"X-Frame-Options":        "SAMEORIGIN",
				"Permissions-Policy":     hvPermissions[0],
			}
			for k, v := range tc.want {
				common[k] = v
			}
			if w.Header().Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
			check(t, w, want{status: w.Code, header: common, absent: tc.absent})
		})
	}
}

func TestHSTSOnlyOverTLS(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name string
		tls  bool
		want string
	}{
		{"plain http", false, ""},
		{"tls", true, "max-age=63072000; includeSubDomains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ts *httptest.Server
			if tc.tls {
				ts = httptest.NewTLSServer(f.handler())
			} else {
				ts = httptest.NewServer(f.handler())
			}
			defer ts.Close()
			for _, path := range []string{"/s/clinic/production/", "/s/clinic/production/nope", "/s/nosuch/x/"} {
				res, err := ts.Client().Get(ts.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				_ = res.Body.Close()
				if got := res.Header.Get("Strict-Transport-Security"); got != tc.want {
					t.Errorf("%s: HSTS %q, want %q", path, got, tc.want)
				}
			}
		})
	}
}

func TestAccess(t *testing.T) {
	f := newFixture(t)
	home := clinicFiles["/"].body
	noStore := map[string]string{"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	role := func(r string) map[string]string { return map[string]string{"X-Test-Role": r} }
	tests := []struct {
		name string
		req  req
		want want
	}{
		{"public anonymous", req{target: "/s/clinic/production/"}, want{status: 200, body: home, absent: []string{"X-Robots-Tag"}}},
		{"public signed in", req{target: "/s/clinic/production/", header: role("viewer")}, want{status: 200, body: home}},
		{"login anonymous redirects with next", req{target: "/s/clinic/staging/about/?x=1&y=%C3%A9"},
			want{status: 303, header: with(noStore, "Location", "/login?next=%2Fs%2Fclinic%2Fstaging%2Fabout%2F%3Fx%3D1%26y%3D%25C3%25A9")}},
		{"login anonymous on a file", req{target: "/s/clinic/staging" + cssPath},
			want{status: 303, header: with(noStore, "Location", "/login?next=%2Fs%2Fclinic%2Fstaging%2F_pw%2Fsite.3f2a1b9c0d4e.css")}},
		{"login anonymous 404 path redirects too", req{target: "/s/clinic/staging/nope"},
			want{status: 303, header: noStore}},
		{"login anonymous by host without a hand-off is 403", req{target: "/about/", host: "staging.clinic.example"},
			want{status: 403, contains: "sign in there", header: noStore}},
		{"login signed in", req{target: "/s/clinic/staging/", header: role("viewer")}, want{status: 200, body: home, header: noStore}},
		{"login signed in 404", req{target: "/s/clinic/staging/nope", header: role("viewer")},
			want{status: 404, body: clinicFiles["/404.html"].body, header: noStore}},
		{"login signed in immutable file is still no-store", req{target: "/s/clinic/staging" + cssPath, header: role("viewer")},
			want{status: 200, header: noStore}},
		{"roles anonymous redirects", req{target: "/s/clinic/preview/"}, want{status: 303, header: noStore}},
		{"roles wrong role is 403", req{target: "/s/clinic/preview/", header: role("viewer")},
			want{status: 403, contains: "You don&#39;t have access to this environment", header: noStore}},
		{"403 offers another sign in", req{target: "/s/clinic/preview/about/", header: role("viewer")},
			want{status: 403, contains: `href="/login?next=%2Fs%2Fclinic%2Fpreview%2Fabout%2F"`}},
		{"roles editor", req{target: "/s/clinic/preview/", header: role("editor")}, want{status: 200, body: home, header: noStore}},
		{"roles admin", req{target: "/s/clinic/preview/about/", header: role("admin")}, want{status: 200, header: noStore}},
		{"roles are case-sensitive", req{target: "/s/clinic/preview/", header: role("Editor")}, want{status: 403}},
		{"unknown mode fails closed", req{target: "/s/clinic/odd/", header: role("admin")}, want{status: 403, header: noStore}},
		{"access is checked before the method", req{method: "POST", target: "/s/clinic/staging/"}, want{status: 303}},
		{"304 for a signed-in viewer", req{target: "/s/clinic/staging/", header: map[string]string{"X-Test-Role": "v", "If-None-Match": "*"}},
			want{status: 304, header: noStore}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.do(t, tc.req), tc.want)
		})
	}

	t.Run("no viewer: non-public is 403, public still serves", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Viewer = nil
		check(t, f.do(t, req{target: "/s/clinic/staging/"}), want{status: 403, header: noStore})
		check(t, f.do(t, req{target: "/s/clinic/production/"}), want{status: 200, body: home})
	})
	t.Run("a domain's visitors go to the hand-off with an absolute next", func(t *testing.T) {
		f := newFixture(t)
		f.srv.HostLoginURL = "https://app.example/_pw/sign-in?from=site"
		check(t, f.do(t, req{target: "/about/", host: "staging.clinic.example"}), want{status: 303,
			header: map[string]string{"Location": "https://app.example/_pw/sign-in?from=site&next=http%3A%2F%2Fstaging.clinic.example%2Fabout%2F"}})
		// Under the prefix the app's own sign-in page is still used.
		check(t, f.do(t, req{target: "/s/clinic/staging/"}), want{status: 303,
			header: map[string]string{"Location": "/login?next=%2Fs%2Fclinic%2Fstaging%2F"}})
	})
}

func TestErrors(t *testing.T) {
	home := clinicFiles["/"].body
	tests := []struct {
		name   string
		break_ func(f *fixture)
		req    req
		want   want
		log    string // expected in the log
	}{
		{"resolver down by prefix", func(f *fixture) { f.res.failWith(errTest) },
			req{target: "/s/clinic/production/"}, want{status: 503, contains: "Temporarily unavailable", header: map[string]string{"Retry-After": "5", "Cache-Control": "no-store"}}, "resolve environment"},
		{"resolver down by host", func(f *fixture) { f.res.failWith(errTest) },
			req{target: "/", host: "www.clinic.example"}, want{status: 503}, "resolve host"},
		{"object store down", func(f *fixture) { f.objs.fail = errTest },
			req{target: "/s/clinic/production/"}, want{status: 502, contains: "Temporarily unavailable"}, "object store failed"},
		{"manifest missing", func(f *fixture) { f.objs.remove(f.clinic) },
			req{target: "/s/clinic/production/"}, want{status: 500, contains: "Something went wrong", absent: []string{"ETag"}}, "object missing"},
		{"page object missing", func(f *fixture) { f.objs.remove(f.clinicWM.Files["/about/"].Hash) },
			req{target: "/s/clinic/production/about/"}, want{status: 500, absent: []string{"ETag", "Vary"}, header: map[string]string{"Content-Type": htmlType}},
			f0hash("/about/")},
		{"br object missing", func(f *fixture) { f.objs.remove(f.clinicWM.Files["/"].Br.Hash) },
			req{target: "/s/clinic/production/", header: map[string]string{"Accept-Encoding": "br"}}, want{status: 500, absent: []string{"Content-Encoding"}}, "object missing"},
		{"other pages still serve", func(f *fixture) { f.objs.remove(f.clinicWM.Files["/about/"].Hash) },
			req{target: "/s/clinic/production/"}, want{status: 200, body: home}, ""},
		{"damaged object", func(f *fixture) {
			f.objs.mu.Lock()
			f.objs.m[f.clinicWM.Files["/"].Hash] = []byte("tampered")
			f.objs.mu.Unlock()
		}, req{target: "/s/clinic/production/"}, want{status: 500}, "object damaged"},
		{"manifest not JSON", func(f *fixture) {
			h := f.objs.put([]byte("not json"))
			f.res.set(Live{SiteSlug: "clinic", Env: "production", ManifestHash: h, Access: Access{Mode: AccessPublic}})
		}, req{target: "/s/clinic/production/"}, want{status: 500}, "object damaged"},
		{"manifest from the future", func(f *fixture) {
			h := f.objs.put([]byte(`{"version": 99, "files": {}}`))
			f.res.set(Live{SiteSlug: "clinic", Env: "production", ManifestHash: h, Access: Access{Mode: AccessPublic}})
		}, req{target: "/s/clinic/production/"}, want{status: 500}, "not supported"},
		{"HEAD error has no body", func(f *fixture) { f.objs.fail = errTest },
			req{method: "HEAD", target: "/s/clinic/production/"}, want{status: 502, body: ""}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tc.break_(f)
			check(t, f.do(t, tc.req), tc.want)
			if tc.log != "" && !strings.Contains(f.logs.String(), tc.log) {
				t.Errorf("log %q does not mention %q", f.logs.String(), tc.log)
			}
		})
	}
}

// f0hash is the identity hash of a clinic file, as logged.
func f0hash(p string) string {
	o := newMemObjects()
	return o.put([]byte(clinicFiles[p].body))
}

func TestCaching(t *testing.T) {
	f := newFixture(t)
	for range 5 {
		check(t, f.do(t, req{target: "/s/clinic/production/about/"}), want{status: 200})
	}
	// One read for the manifest, one for the page: everything else came
	// from memory.
	if n := f.objs.reads.Load(); n != 2 {
		t.Errorf("%d object reads, want 2", n)
	}

	t.Run("budget bounds the cache", func(t *testing.T) {
		o := newMemObjects()
		c := newObjectCache(o, 16*4096)
		var hashes []string
		for i := range 200 {
			hashes = append(hashes, o.put([]byte(strings.Repeat(fmt.Sprint(i%10), 1000)+fmt.Sprint(i))))
		}
		for _, h := range hashes {
			if _, err := c.get(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		var total int64
		for i := range c.shards {
			sh := &c.shards[i]
			if sh.size > sh.budget {
				t.Errorf("shard %d holds %d bytes over its budget %d", i, sh.size, sh.budget)
			}
			total += sh.size
		}
		if total > 16*4096 {
			t.Errorf("cache holds %d bytes, budget %d", total, 16*4096)
		}
	})
	t.Run("manifest budget", func(t *testing.T) {
		o := newMemObjects()
		var hashes []string
		for i := range 6 {
			h, _ := putManifest(t, o, map[string]tf{"/": {body: fmt.Sprint("home ", i), typ: htmlType}, "/a/": {body: "a", typ: htmlType}}, "")
			hashes = append(hashes, h)
		}
		one := manifestCost(len(o.m[hashes[0]]), 2)
		c := newManifestCache(newObjectCache(o, DefaultCacheBytes), 3*one+one/2)
		for _, h := range hashes {
			if _, err := c.get(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		if c.ll.Len() != 3 || c.size > c.budget {
			t.Errorf("%d manifests, %d bytes of %d", c.ll.Len(), c.size, c.budget)
		}
		if _, ok := c.m[hashes[5]]; !ok {
			t.Error("the most recent manifest was evicted")
		}
		small := newManifestCache(newObjectCache(o, DefaultCacheBytes), 1)
		for _, h := range hashes[:2] {
			if _, err := small.get(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		if small.ll.Len() != 1 {
			t.Errorf("over budget: %d manifests kept, want the last one", small.ll.Len())
		}
	})
	t.Run("large objects bypass the cache", func(t *testing.T) {
		o := newMemObjects()
		c := newObjectCache(o, 16*1024)
		h := o.put([]byte(strings.Repeat("x", 2000)))
		for range 3 {
			if _, err := c.get(context.Background(), h); err != nil {
				t.Fatal(err)
			}
		}
		if n := o.reads.Load(); n != 3 {
			t.Errorf("%d reads, want 3", n)
		}
	})
	t.Run("concurrent misses read once", func(t *testing.T) {
		o := &slowObjects{memObjects: newMemObjects(), delay: 50 * time.Millisecond}
		c := newObjectCache(o, DefaultCacheBytes)
		h := o.put([]byte("shared"))
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if b, err := c.get(context.Background(), h); err != nil || string(b) != "shared" {
					t.Errorf("%q %v", b, err)
				}
			})
		}
		wg.Wait()
		if n := o.reads.Load(); n != 1 {
			t.Errorf("%d reads, want 1", n)
		}
	})
	t.Run("a cancelled waiter does not fail the others", func(t *testing.T) {
		o := &slowObjects{memObjects: newMemObjects(), delay: 50 * time.Millisecond}
		c := newObjectCache(o, DefaultCacheBytes)
		h := o.put([]byte("shared"))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { _, err := c.get(ctx, h); done <- err }()
		time.Sleep(5 * time.Millisecond)
		cancel()
		if err := <-done; err == nil {
			t.Error("cancelled get succeeded")
		}
		if b, err := c.get(context.Background(), h); err != nil || string(b) != "shared" {
			t.Errorf("%q %v", b, err)
		}
	})
}

type slowObjects struct {
	*memObjects
	delay time.Duration
}

func (s *slowObjects) Get(ctx context.Context, hash string) ([]byte, error) {
	time.Sleep(s.delay)
	return s.memObjects.Get(ctx, hash)
}

// TestFlipUnderLoad activates and rolls back a deployment thousands of
// times while clients hammer the site: every response must be a complete
// 200 of one version or the other.
func TestFlipUnderLoad(t *testing.T) {
	f := newFixture(t)
	oldBody := strings.Repeat("old version. ", 500)
	newBody := strings.Repeat("NEW VERSION! ", 700)
	oldHash, _ := putManifest(t, f.objs, map[string]tf{"/": {body: oldBody, typ: htmlType, gz: true, br: true}}, "")
	newHash, _ := putManifest(t, f.objs, map[string]tf{"/": {body: newBody, typ: htmlType, gz: true, br: true}}, "")
	live := Live{SiteSlug: "flip", Env: "production", Access: Access{Mode: AccessPublic}}
	live.ManifestHash = oldHash
	f.res.set(live, "flip.example")

	ts := httptest.NewServer(f.handler())
	defer ts.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	const flips, minRequests = 5000, 3000
	var stop atomic.Bool
	var done sync.WaitGroup
	var flipped atomic.Int64
	done.Go(func() {
		for i := 0; !stop.Load(); i++ {
			if i%2 == 0 {
				live.ManifestHash = newHash
			} else {
				live.ManifestHash = oldHash
			}
			f.res.set(live, "flip.example")
			flipped.Add(1)
			runtime.Gosched()
		}
	})
	var seen [2]atomic.Int64
	var requests atomic.Int64
	var workers sync.WaitGroup
	encodings := []string{"", "gzip", "br"}
	for g := range 8 {
		workers.Go(func() {
			for i := 0; flipped.Load() < flips || requests.Load() < minRequests; i++ {
				enc := encodings[(g+i)%3]
				r, _ := http.NewRequest("GET", ts.URL+"/", nil)
				r.Host = "flip.example"
				if i%2 == 0 {
					r.URL.Path = "/s/flip/production/"
					r.Host = "app.example"
				}
				if enc != "" {
					r.Header.Set("Accept-Encoding", enc)
				}
				res, err := client.Do(r)
				if err != nil {
					t.Error(err)
					return
				}
				b, err := io.ReadAll(res.Body)
				_ = res.Body.Close()
				requests.Add(1)
				if err != nil || res.StatusCode != 200 {
					t.Errorf("status %d, err %v", res.StatusCode, err)
					return
				}
				body, err := decode(enc, b)
				if err != nil {
					t.Errorf("%s: %v", enc, err)
					return
				}
				switch body {
				case oldBody:
					seen[0].Add(1)
				case newBody:
					seen[1].Add(1)
				default:
					t.Errorf("a %d-byte body that is neither version (%s)", len(body), enc)
					return
				}
			}
		})
	}
	workers.Wait()
	stop.Store(true)
	done.Wait()
	t.Logf("%d requests over %d flips: %d old, %d new", requests.Load(), flipped.Load(), seen[0].Load(), seen[1].Load())
	if seen[0].Load() == 0 || seen[1].Load() == 0 {
		t.Errorf("only one version was ever served (old %d, new %d)", seen[0].Load(), seen[1].Load())
	}
	if s := f.logs.String(); s != "" {
		t.Errorf("errors logged: %s", s)
	}
}

func TestServeHostNotASite(t *testing.T) {
	f := newFixture(t)
	for _, host := range []string{"", "app.example", "app.example:8080", "[::1]:8080", "127.0.0.1"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		if f.srv.ServeHost(w, r) {
			t.Errorf("%q: served", host)
		}
		if w.Code != 200 || w.Body.Len() != 0 || len(w.Header()) != 0 {
			t.Errorf("%q: wrote a response", host)
		}
	}
}

func TestNormalHost(t *testing.T) {
	for in, want := range map[string]string{
		"example.org": "example.org", "Example.ORG": "example.org", "example.org:80": "example.org",
		"example.org.": "example.org", "EXAMPLE.org.:443": "example.org", "[::1]:80": "[::1]", "[::1]": "[::1]",
		"": "", "::1": "::1",
	} {
		if got := normalHost(in); got != want {
			t.Errorf("normalHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		clean    bool
	}{
		{"/", "/", true},
		{"/a/b/", "/a/b/", true},
		{"/a/b.css", "/a/b.css", true},
		{"/a/.well-known/x", "/a/.well-known/x", true},
		{"/a/..b/", "/a/..b/", true},
		{"", "/", false},
		{"a", "/a", false},
		{"//", "/", false},
		{"/a//b", "/a/b", false},
		{"/a/./b/", "/a/b/", false},
		{"/a/.", "/a/", false},
		{"/a/..", "/", false},
		{"/a/b/..", "/a/", false},
		{"/../../x", "/x", false},
		{"/..", "/", false},
	} {
		got, clean := cleanPath(tc.in)
		if got != tc.want || clean != tc.clean {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tc.in, got, clean, tc.want, tc.clean)
		}
	}
}

func TestBuiltinPagesAreSelfContained(t *testing.T) {
	// The built-in pages' CSP allows their inline style by hash: the page
	// must carry exactly that style.
	b := string(builtinPage("t", "x", ""))
	if !strings.Contains(b, "<style>"+pageStyle+"</style>") {
		t.Fatal("style not inline")
	}
	if !strings.Contains(hvBuiltinCSP[0], styleHash()) {
		t.Fatal("CSP lacks the style hash")
	}
}
