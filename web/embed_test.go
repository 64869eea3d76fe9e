package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const indexHTML = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`

func builtFS() fstest.MapFS {
	return fstest.MapFS{
		".keep":                   {Data: nil},
		"index.html":              {Data: []byte(indexHTML)},
		"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"assets/index-abc123.js":  {Data: []byte(`console.log("app")`)},
		"assets/index-def456.css": {Data: []byte(`body{margin:0}`)},
	}
}

func get(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestClientRoutesFallBackToIndex(t *testing.T) {
	h := handler(builtFS())
	for _, target := range []string{"/", "/index.html", "/sites", "/sites/0190-abc", "/settings/tokens", "/login?redirect=%2Fsites", "/.keep", "/../../etc/passwd"} {
		t.Run(target, func(t *testing.T) {
			res := get(t, h, http.MethodGet, target)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", res.StatusCode)
			}
			if got := body(t, res); got != indexHTML {
				t.Fatalf("body = %q, want index.html", got)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", cc)
			}
		})
	}
}

func TestIndexRevalidatesWithETag(t *testing.T) {
	h := handler(builtFS())
	res := get(t, h, http.MethodGet, "/sites")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on index.html")
	}
	res = get(t, h, http.MethodGet, "/sites", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET status = %d, want 304", res.StatusCode)
	}
}

func TestAssetsAreImmutable(t *testing.T) {
	h := handler(builtFS())
	res := get(t, h, http.MethodGet, "/assets/index-abc123.js")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", res.StatusCode)
	}
	if got := body(t, res); got != `console.log("app")` {
		t.Fatalf("body = %q", got)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("Content-Type = %q, want text/javascript", ct)
	}

	res = get(t, h, http.MethodGet, "/assets/index-def456.css")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("css Content-Type = %q", ct)
	}
}

func TestOtherFilesRevalidate(t *testing.T) {
	res := get(t, handler(builtFS()), http.MethodGet, "/favicon.svg")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control = %q, want no-cache", cc)
	}
	if ct := res.Header.Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestMissingAssetIs404(t *testing.T) {
	res := get(t, handler(builtFS()), http.MethodGet, "/assets/index-old999.js")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("a 404 must not be cached as immutable, got %q", cc)
	}
}

func TestUnknownAPIPathIsNotTheApp(t *testing.T) {
	res := get(t, handler(builtFS()), http.MethodGet, "/api/v1/nope")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", res.StatusCode)
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	h := handler(builtFS())
	if res := get(t, h, http.MethodHead, "/sites"); res.StatusCode != http.StatusOK {
		t.Fatalf("HEAD status = %d", res.StatusCode)
	}
	res := get(t, h, http.MethodPost, "/sites")
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST status = %d, want 405", res.StatusCode)
	}
	if allow := res.Header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow = %q", allow)
	}
}

func TestNotBuiltPage(t *testing.T) {
	h := handler(fstest.MapFS{".keep": {Data: nil}})
	for _, target := range []string{"/", "/sites", "/assets/index-abc123.js"} {
		res := get(t, h, http.MethodGet, target)
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("%s: status = %d, want 503", target, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", cc)
		}
		b := body(t, res)
		for _, want := range []string{"The web UI is not built yet.", "make ui", "make run"} {
			if !strings.Contains(b, want) {
				t.Errorf("%s: body lacks %q", target, want)
			}
		}
	}
}

// The real embedded FS always compiles (dist/.keep) and Handler never panics,
// whether or not the UI has been built.
func TestHandlerWithEmbeddedFS(t *testing.T) {
	res := get(t, Handler(), http.MethodGet, "/")
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 200 (built) or 503 (not built)", res.StatusCode)
	}
}
