package siteserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

// memObjects is an in-memory object store that counts reads and can be
// told to fail.
type memObjects struct {
	mu    sync.Mutex
	m     map[string][]byte
	fail  error // returned by every Get when set
	reads atomic.Int64
}

func newMemObjects() *memObjects { return &memObjects{m: map[string][]byte{}} }

func (o *memObjects) put(b []byte) string {
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	o.mu.Lock()
	o.m[h] = b
	o.mu.Unlock()
	return h
}

func (o *memObjects) Get(_ context.Context, hash string) ([]byte, error) {
	o.reads.Add(1)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return nil, o.fail
	}
	b, ok := o.m[hash]
	if !ok {
		return nil, fmt.Errorf("get %s: %w", hash, blob.ErrNotFound)
	}
	return b, nil
}

func (o *memObjects) remove(hash string) {
	o.mu.Lock()
	delete(o.m, hash)
	o.mu.Unlock()
}

// memResolver resolves from maps swapped in one step, like the real one.
type memResolver struct {
	state atomic.Pointer[resolverState]
	err   atomic.Pointer[error]
	calls atomic.Int64
}

type resolverState struct {
	byPrefix map[string]Live // "site/env"
	byHost   map[string]Live
}

func newMemResolver() *memResolver {
	r := &memResolver{}
	r.state.Store(&resolverState{byPrefix: map[string]Live{}, byHost: map[string]Live{}})
	return r
}

// set adds or replaces an environment (and its hosts).
func (r *memResolver) set(l Live, hosts ...string) {
	old := r.state.Load()
	next := &resolverState{byPrefix: map[string]Live{}, byHost: map[string]Live{}}
	for k, v := range old.byPrefix {
		next.byPrefix[k] = v
	}
	for k, v := range old.byHost {
		next.byHost[k] = v
	}
	next.byPrefix[l.SiteSlug+"/"+l.Env] = l
	for _, h := range hosts {
		next.byHost[h] = l
	}
	r.state.Store(next)
}

func (r *memResolver) failWith(err error) {
	if err == nil {
		r.err.Store(nil)
		return
	}
	r.err.Store(&err)
}

func (r *memResolver) ByPrefix(_ context.Context, site, env string) (Live, bool, error) {
	r.calls.Add(1)
	if e := r.err.Load(); e != nil {
		return Live{}, false, *e
	}
	l, ok := r.state.Load().byPrefix[site+"/"+env]
	return l, ok, nil
}

func (r *memResolver) ByHost(_ context.Context, host string) (Live, bool, error) {
	r.calls.Add(1)
	if e := r.err.Load(); e != nil {
		return Live{}, false, *e
	}
	l, ok := r.state.Load().byHost[host]
	return l, ok, nil
}

// headerViewer reads the member's role from the X-Test-Role header.
type headerViewer struct{}

func (headerViewer) Role(r *http.Request) (string, bool) {
	role, ok := r.Header["X-Test-Role"]
	if !ok {
		return "", false
	}
	return role[0], true
}

// tf describes a test file.
type tf struct {
	body      string
	typ       string
	immutable bool
	csp       string
	gz, br    bool
}

func brotlied(t testing.TB, body string) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, 5)
	if _, err := bw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t testing.TB, body string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decode undoes a Content-Encoding.
func decode(enc string, b []byte) (string, error) {
	var r io.Reader
	switch enc {
	case "":
		return string(b), nil
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return "", err
		}
		r = zr
	default:
		return "", fmt.Errorf("unknown encoding %q", enc)
	}
	d, err := io.ReadAll(r)
	return string(d), err
}

// putManifest stores the files and their manifest; it returns the
// manifest's hash and the manifest as written.
func putManifest(t testing.TB, o *memObjects, files map[string]tf, notFound string) (string, sitebuild.Manifest) {
	t.Helper()
	m := sitebuild.Manifest{Version: 1, Files: map[string]sitebuild.File{}, NotFound: notFound}
	for p, f := range files {
		wf := sitebuild.File{Hash: o.put([]byte(f.body)), Size: int64(len(f.body)), Type: f.typ, Immutable: f.immutable, CSP: f.csp}
		if f.gz {
			z := gzipped(t, f.body)
			wf.Gzip = &sitebuild.Encoded{Hash: o.put(z), Size: int64(len(z))}
		}
		if f.br {
			b := brotlied(t, f.body)
			wf.Br = &sitebuild.Encoded{Hash: o.put(b), Size: int64(len(b))}
		}
		m.Files[p] = wf
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return o.put(data), m
}

const (
	htmlType = "text/html; charset=utf-8"
	homeCSP  = "default-src 'self'; script-src 'self' 'sha256-abc'"
	cssPath  = "/_pw/site.3f2a1b9c0d4e.css"
)

var clinicFiles = map[string]tf{
	"/":           {body: "<h1>Clinic home</h1>", typ: htmlType, csp: homeCSP, gz: true, br: true},
	"/about/":     {body: "<h1>About the clinic</h1>", typ: htmlType, gz: true, br: true},
	"/gz-only/":   {body: "<h1>gzip only</h1>", typ: htmlType, gz: true},
	cssPath:       {body: "body{color:red}", typ: "text/css; charset=utf-8", immutable: true, gz: true, br: true},
	"/robots.txt": {body: "User-agent: *\nAllow: /\n", typ: "text/plain; charset=utf-8"},
	"/404.html":   {body: "<h1>Clinic: no such page</h1>", typ: htmlType, gz: true, br: true},
	"/logo.svg":   {body: "<svg xmlns='http://www.w3.org/2000/svg'/>"},
	"/video.mp4":  {body: "0123456789abcdefghij", typ: "video/mp4", immutable: true},
	"/a b/":       {body: "<h1>space</h1>", typ: htmlType},
}

var otherFiles = map[string]tf{
	"/":          {body: "OTHER SITE SECRET HOME", typ: htmlType, gz: true, br: true},
	"/secret/":   {body: "OTHER SITE SECRET PAGE", typ: htmlType},
	"/404.html":  {body: "OTHER SITE SECRET 404", typ: htmlType},
	"/about/":    {body: "OTHER SITE SECRET ABOUT", typ: htmlType},
	"/logo.svg":  {body: "OTHER SITE SECRET SVG", typ: "image/svg+xml"},
	"/video.mp4": {body: "OTHER SITE SECRET VIDEO", typ: "video/mp4"},
}

// fixture is a server with two sites:
//
//	clinic/production  public, host www.clinic.example
//	clinic/staging     login, host staging.clinic.example
//	clinic/preview     roles editor, admin
//	clinic/odd         an unknown access mode
//	bare/production    public, no 404 page in its manifest
//	other/production   public, host other.example
type fixture struct {
	srv      *Server
	objs     *memObjects
	res      *memResolver
	clinic   string // manifest hashes
	other    string
	clinicWM sitebuild.Manifest
	logs     *bytes.Buffer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{objs: newMemObjects(), res: newMemResolver(), logs: &bytes.Buffer{}}
	f.clinic, f.clinicWM = putManifest(t, f.objs, clinicFiles, "/404.html")
	f.other, _ = putManifest(t, f.objs, otherFiles, "/404.html")
	bare, _ := putManifest(t, f.objs, map[string]tf{"/": {body: "bare home", typ: htmlType}}, "")
	live := func(site, env, hash, mode string, roles ...string) Live {
		return Live{SiteID: "id-" + site, SiteSlug: site, Env: env, DeploymentID: "dep-" + env, ManifestHash: hash,
			Access: Access{Mode: mode, Roles: roles}}
	}
	f.res.set(live("clinic", "production", f.clinic, AccessPublic), "www.clinic.example")
	f.res.set(live("clinic", "staging", f.clinic, AccessLogin), "staging.clinic.example")
	f.res.set(live("clinic", "preview", f.clinic, AccessRoles, "editor", "admin"))
	f.res.set(live("clinic", "odd", f.clinic, ""))
	f.res.set(live("bare", "production", bare, AccessPublic))
	f.res.set(live("other", "production", f.other, AccessPublic), "other.example")
	f.srv = &Server{Resolver: f.res, Objects: f.objs, Viewer: headerViewer{},
		Logger: slog.New(slog.NewTextHandler(&syncWriter{w: f.logs}, nil))}
	return f
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// handler routes like the app will: any host but the app's own
// (app.example) may be a site's domain; then the prefix.
func (f *fixture) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if normalHost(r.Host) != "app.example" && f.srv.ServeHost(w, r) {
			return
		}
		if len(r.URL.Path) >= 3 && r.URL.Path[:3] == "/s/" {
			f.srv.ServeHTTP(w, r)
			return
		}
		w.Header().Set("X-App", "ui")
		_, _ = io.WriteString(w, "app UI")
	})
}

// req describes a request in the table tests.
type req struct {
	method string
	target string // request-target, as sent
	host   string // default "app.example"
	header map[string]string
}

func (f *fixture) do(t testing.TB, q req) *httptest.ResponseRecorder {
	t.Helper()
	method := q.method
	if method == "" {
		method = http.MethodGet
	}
	r := httptest.NewRequest(method, q.target, nil)
	r.Host = "app.example"
	if q.host != "" {
		r.Host = q.host
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.handler().ServeHTTP(w, r)
	return w
}

var errTest = errors.New("test: backend down")

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
