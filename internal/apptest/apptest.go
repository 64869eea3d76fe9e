// Package apptest starts real Pagewright instances for tests: a real
// database (SQLite in a temp folder, or a fresh PostgreSQL schema), real
// jobs and a real HTTP server on loopback, with clients that sign in the
// way the web app does (cookie + CSRF header) or with API tokens.
package apptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver for schema setup

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/app"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/user"
)

// Password is the password of every user apptest creates.
const Password = "correct horse battery staple"

// Env is a running instance.
type Env struct {
	App *app.App
	URL string
	// SitesURL is the published sites' own listener (--sites-addr).
	SitesURL string
	DataDir  string
	cancel   context.CancelFunc
	done     chan error
}

// Option adjusts an instance's configuration before it starts.
type Option func(*config.Config)

// WithThumbnails renders template thumbnails (in Chromium) as a real
// instance does.
func WithThumbnails() Option { return func(c *config.Config) { c.TemplateThumbnails = true } }

// selfURL stands for the instance's own URL until it is known.
const selfURL = "http://apptest.invalid"

// WithOwnBaseURL sets --base-url to the instance's own URL, as an
// operator would.
func WithOwnBaseURL() Option { return func(c *config.Config) { c.BaseURL = selfURL } }

// WithDatabase runs the instance on the given database URL.
func WithDatabase(url string) Option { return func(c *config.Config) { c.DatabaseURL = url } }

// PostgresURL returns PAGEWRIGHT_TEST_POSTGRES_URL. Without it the test is
// skipped, or fails under CI=true where PostgreSQL must be there.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("PAGEWRIGHT_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PAGEWRIGHT_TEST_POSTGRES_URL must be set under CI=true")
		}
		t.Skip("PAGEWRIGHT_TEST_POSTGRES_URL not set: skipping PostgreSQL")
	}
	return u
}

// FreshPostgres creates an empty schema for one test and returns a URL
// whose connections use it; the schema is dropped when the test ends.
func FreshPostgres(t testing.TB) string {
	base := PostgresURL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "pwtest_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// New starts an instance on SQLite in a temp folder unless an option says
// otherwise, and stops it when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Addr = "127.0.0.1:0"
	cfg.SitesAddr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 5 * time.Second
	// Thumbnails start a browser per batch; tests that want them say so.
	cfg.TemplateThumbnails = false
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("PAGEWRIGHT_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ctx := context.Background()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL == selfURL {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	a, err := app.New(ctx, cfg, log, app.Options{JobPollInterval: 50 * time.Millisecond})
	if err != nil {
		ln.Close()
		t.Fatalf("start app: %v", err)
	}
	var sites net.Listener
	if cfg.SitesAddr != "off" {
		if sites, err = net.Listen("tcp", cfg.SitesAddr); err != nil {
			t.Fatal(err)
		}
	}
	sctx, cancel := context.WithCancel(ctx)
	e := &Env{App: a, URL: "http://" + ln.Addr().String(), DataDir: dir, cancel: cancel, done: make(chan error, 1)}
	if sites != nil {
		e.SitesURL = "http://" + sites.Addr().String()
	}
	go func() { e.done <- a.ServeListener(sctx, ln, sites) }()
	t.Cleanup(e.Stop)
	waitReady(t, e.URL)
	return e
}

// Stop shuts the instance down (idempotent).
func (e *Env) Stop() {
	if e.cancel == nil {
		return
	}
	e.cancel()
	<-e.done
	e.App.Close()
	e.cancel = nil
}

func waitReady(t testing.TB, base string) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s not ready after 10s", base)
}

// Setup creates the organisation and its first admin, and returns the
// admin signed in.
func (e *Env) Setup(t testing.TB) *Client {
	t.Helper()
	c := e.Anonymous()
	res := c.Do(t, "POST", "/api/v1/setup", map[string]string{
		"organizationName": "Riverside Clinics", "name": "Maya Admin", "email": "maya@riverside.example", "password": Password,
	})
	res.Want(t, 201)
	c.adopt(t, res)
	return c
}

// CreateUser adds a member with a role directly (as the CLI does) and
// returns them signed in.
func (e *Env) CreateUser(t testing.TB, name string, role access.Role) *Client {
	t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@riverside.example"
	if _, err := e.App.Users.CreateUser(context.Background(), user.CreateUserInput{Name: name, Email: email, Password: Password, Role: role}); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return e.Login(t, email, Password)
}

// Login signs in and returns the client.
func (e *Env) Login(t testing.TB, email, password string) *Client {
	t.Helper()
	c := e.Anonymous()
	res := c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	res.Want(t, 200)
	c.adopt(t, res)
	return c
}

// Anonymous returns a client with an empty cookie jar.
func (e *Env) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Base: e.URL, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// Client talks to an instance like the web app does.
type Client struct {
	Base   string
	HTTP   *http.Client
	CSRF   string // sent as X-CSRF-Token on writes
	Bearer string // if set, sent as Authorization: Bearer
	UserID string
}

func (c *Client) adopt(t testing.TB, res *Response) {
	var s struct {
		CSRFToken string `json:"csrfToken"`
		User      struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	res.JSON(t, &s)
	c.CSRF, c.UserID = s.CSRFToken, s.User.ID
}

// Response is a buffered HTTP response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Problem is the decoded problem document of an error response.
type Problem struct {
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Detail    string `json:"detail"`
	RequestID string `json:"requestId"`
	Errors    []struct {
		Location string `json:"location"`
		Message  string `json:"message"`
		Value    any    `json:"value"`
	} `json:"errors"`
}

// Do sends a request. body may be nil, []byte/string (sent as is, JSON
// content type) or any value (JSON-encoded). headers are name, value pairs.
func (c *Client) Do(t testing.TB, method, path string, body any, headers ...string) *Response {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.Base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.CSRF != "" && method != "GET" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Want fails the test unless the status is want.
func (r *Response) Want(t testing.TB, want int) *Response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
	return r
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Problem decodes an error body, checking it is application/problem+json.
func (r *Response) Problem(t testing.TB) Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q, want application/problem+json (status %d: %s)", ct, r.Status, r.Body)
	}
	var p Problem
	r.JSON(t, &p)
	if p.Code == "" {
		t.Fatalf("problem without code: %s", r.Body)
	}
	return p
}

// ImageUpload is the multipart body the web app sends to upload a file to
// a site's image library: the file under "file" with its declared type,
// and the alt text when not empty.
func ImageUpload(filename, declaredType string, data []byte, alt string) (body []byte, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+strings.ReplaceAll(filename, `"`, `\"`)+`"`)
	h.Set("Content-Type", declaredType)
	part, _ := mw.CreatePart(h) // writes to memory: cannot fail
	_, _ = part.Write(data)
	if alt != "" {
		_ = mw.WriteField("alt", alt)
	}
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}
