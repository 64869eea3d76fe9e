package siteserver

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/sitebuild"
)

// TestServesARealBuild serves what sitebuild.Build makes: every file of
// the manifest comes back, in every encoding it has, as its own bytes.
// It keeps the server and the builder in step on the manifest contract.
func TestServesARealBuild(t *testing.T) {
	docJSON, err := os.ReadFile("../render/testdata/flu-clinic.json")
	if err != nil {
		t.Fatal(err)
	}
	objs := &sitebuild.MemObjects{}
	m, _, err := sitebuild.Build(context.Background(), sitebuild.Input{
		SiteID: "site-1", BuildID: "build-1", BaseURL: "https://www.riverside.example",
		Pages: []sitebuild.Page{
			{ID: "home", Title: "Flu clinic", Path: "/", Document: docJSON},
			{ID: "flu", Title: "Flu clinic", Path: "/services/flu-clinic/", Document: docJSON},
		},
	}, objs)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	mh := sha256hex(data)
	if err := objs.Put(context.Background(), mh, data); err != nil {
		t.Fatal(err)
	}
	res := newMemResolver()
	res.set(Live{SiteSlug: "riverside", Env: "production", ManifestHash: mh, Access: Access{Mode: AccessPublic}}, "www.riverside.example")
	srv := &Server{Resolver: res, Objects: objs}

	for p, f := range m.Files {
		for _, enc := range []string{"", "gzip", "br"} {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = "www.riverside.example"
			r.URL.Path = p
			if enc != "" {
				r.Header.Set("Accept-Encoding", enc)
			}
			w := httptest.NewRecorder()
			if !srv.ServeHost(w, r) {
				t.Fatal("host not served")
			}
			if w.Code != 200 {
				t.Fatalf("%s (%s): status %d", p, enc, w.Code)
			}
			wantEnc := enc
			if (enc == "gzip" && f.Gzip == nil) || (enc == "br" && f.Br == nil) {
				wantEnc = ""
			}
			if got := w.Header().Get("Content-Encoding"); got != wantEnc {
				t.Errorf("%s: Content-Encoding %q, want %q", p, got, wantEnc)
			}
			body, err := decode(wantEnc, w.Body.Bytes())
			if err != nil {
				t.Fatalf("%s (%s): %v", p, enc, err)
			}
			if sha256hex([]byte(body)) != f.Hash {
				t.Errorf("%s (%s): decoded body is not the file", p, enc)
			}
			if w.Header().Get("Content-Type") != f.Type {
				t.Errorf("%s: Content-Type %q, want %q", p, w.Header().Get("Content-Type"), f.Type)
			}
			if f.CSP != "" && w.Header().Get("Content-Security-Policy") != f.CSP {
				t.Errorf("%s: CSP not the page's", p)
			}
			wantCache := "public, max-age=0, must-revalidate"
			if f.Immutable {
				wantCache = "public, max-age=31536000, immutable"
			}
			if got := w.Header().Get("Cache-Control"); got != wantCache {
				t.Errorf("%s: Cache-Control %q, want %q", p, got, wantCache)
			}
		}
	}
	if m.NotFound != "" {
		r := httptest.NewRequest("GET", "/no/such/page/", nil)
		r.Host = "www.riverside.example"
		w := httptest.NewRecorder()
		srv.ServeHost(w, r)
		if w.Code != 404 || sha256hex(w.Body.Bytes()) != m.Files[m.NotFound].Hash {
			t.Errorf("404: status %d, body %.60q", w.Code, w.Body.String())
		}
	}
	if _, ok := m.Files["/services/flu-clinic/"]; ok {
		r := httptest.NewRequest("GET", "/services/flu-clinic", nil)
		r.Host = "www.riverside.example"
		w := httptest.NewRecorder()
		srv.ServeHost(w, r)
		if w.Code != 308 || !strings.HasSuffix(w.Header().Get("Location"), "/services/flu-clinic/") {
			t.Errorf("slash redirect: %d %q", w.Code, w.Header().Get("Location"))
		}
	}
}
