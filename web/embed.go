// Package web embeds the built web UI (React, built by Vite into dist/) and
// serves it as a single-page app.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// dist holds the Vite build. dist/.keep is committed so this compiles before
// the UI has been built; `make ui` fills in the rest.
//
//go:embed all:dist
var dist embed.FS

// Handler serves the built single-page app: real files from dist (hashed
// files under /assets/ are cached for a year as immutable; index.html and
// other files must be revalidated), and index.html for any other path so
// client-side routes work on reload. When the UI has not been built it
// serves a 503 page that says how to build it.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("web: " + err.Error()) // cannot happen: "dist" is a valid path
	}
	return handler(sub)
}

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

type spa struct {
	fsys  fs.FS
	etags sync.Map // path → strong ETag for non-hashed files
}

func handler(fsys fs.FS) http.Handler {
	return &spa{fsys: fsys}
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")

	index, err := fs.ReadFile(s.fsys, "index.html")
	if err != nil {
		serveNotBuilt(w)
		return
	}

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	switch {
	case name == "" || name == "index.html":
		s.serveIndex(w, r, index)
		return
	case name == "api" || strings.HasPrefix(name, "api/"):
		// Unknown API routes must not turn into the app's HTML.
		http.NotFound(w, r)
		return
	}

	if !hidden(name) {
		if data, ok := s.readFile(name); ok {
			s.serveFile(w, r, name, data)
			return
		}
	}
	if strings.HasPrefix(name, "assets/") {
		// A missing hashed asset (e.g. an old tab after a deploy) is a 404,
		// not index.html: the browser asked for JS or CSS.
		http.NotFound(w, r)
		return
	}
	s.serveIndex(w, r, index)
}

// hidden reports whether any path element is a dotfile (e.g. dist/.keep).
func hidden(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

func (s *spa) readFile(name string) ([]byte, bool) {
	info, err := fs.Stat(s.fsys, name)
	if err != nil || info.IsDir() {
		return nil, false
	}
	data, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return nil, false
	}
	return data, true
}

func (s *spa) etag(name string, data []byte) string {
	if v, ok := s.etags.Load(name); ok {
		return v.(string)
	}
	sum := sha256.Sum256(data)
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	s.etags.Store(name, tag)
	return tag
}

func (s *spa) serveIndex(w http.ResponseWriter, r *http.Request, index []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("ETag", s.etag("index.html", index))
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
}

func (s *spa) serveFile(w http.ResponseWriter, r *http.Request, name string, data []byte) {
	h := w.Header()
	if strings.HasPrefix(name, "assets/") {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheRevalidate)
		h.Set("ETag", s.etag(name, data))
	}
	// ServeContent sets Content-Type from the extension and handles Range
	// and conditional requests.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func serveNotBuilt(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(w, notBuiltPage)
}

const notBuiltPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Pagewright – web UI not built</title>
<style>
  :root { color-scheme: light dark; --bg: #f6f8f8; --card: #fff; --text: #1a2024; --muted: #5f6b70; --accent: #0d9488; --border: #dfe4e5; --code: #eef2f2; }
  @media (prefers-color-scheme: dark) { :root { --bg: #111314; --card: #1a1d1e; --text: #eceeef; --muted: #a0a8ab; --accent: #2dd4bf; --border: #2c3133; --code: #24292b; } }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 24px;
         background: var(--bg); color: var(--text); font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 480px; width: 100%; background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 32px; }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 18px; margin-bottom: 20px; }
  h1 { font-size: 22px; margin: 0 0 8px; letter-spacing: -0.01em; }
  p { margin: 0 0 12px; color: var(--muted); }
  code { background: var(--code); padding: 2px 6px; border-radius: 4px; font-size: 14px; color: var(--text); }
</style>
</head>
<body>
<main>
  <div class="brand"><svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#0d9488"/><g fill="#fff"><rect x="8" y="8" width="16" height="4" rx="1.25"/><rect x="8" y="14" width="7" height="10" rx="1.25"/><rect x="17" y="14" width="7" height="4" rx="1.25" opacity=".75"/><rect x="17" y="20" width="7" height="4" rx="1.25" opacity=".75"/></g></svg>Pagewright</div>
  <h1>Pagewright is running</h1>
  <p>The web UI is not built yet. Run <code>make ui</code> (or <code>make run</code>, which builds it) and reload.</p>
  <p>The API is available under <code>/api/v1</code> in the meantime.</p>
</main>
</body>
</html>
`
