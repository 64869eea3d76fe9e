package siteserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/forwarded"
)

// fastPair serves the fixture twice over real TCP: through net/http with
// the slow handler alone, and through FastHandler with the same handler
// as its fallback. fallbacks counts the requests the fast path passed on.
type fastPair struct {
	slowAddr, fastAddr string
	fallbacks          atomic.Int64
}

func newFastPair(t *testing.T, f *fixture) *fastPair {
	t.Helper()
	p := &fastPair{}
	// The test's own connections come through a trusted proxy.
	proxies, err := forwarded.Parse("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Proxies = proxies
	// Routed like the app's sites listener: a site's domain owns its
	// whole path space, any other host reaches environments under /s/.
	slow := proxies.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.srv.ServeHost(w, r) {
			return
		}
		f.srv.ServeHTTP(w, r)
	}))
	hs := httptest.NewServer(slow)
	t.Cleanup(hs.Close)
	p.slowAddr = hs.Listener.Addr().String()

	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.fallbacks.Add(1)
		slow.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := NewFastServer(f.srv.FastHandler(counted), 64<<10)
	fs.Logger = quietLogger{}
	go func() { _ = fs.Serve(ln) }()
	t.Cleanup(func() { _ = fs.Shutdown() })
	p.fastAddr = ln.Addr().String()
	return p
}

// rawResponse is what a server sent, minus the Date header.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// roundTrip sends a request exactly as written (no client-side path
// cleaning) and reads the response.
func roundTrip(t *testing.T, addr, method, target, host string, hdr [][2]string) rawResponse {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, target, host)
	for _, h := range hdr {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(c, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Header.Del("Date")
	resp.Header.Del("Connection")
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// TestFastPathMatches holds the fast path to the net/http handler: for
// every request it must send the same status, headers and body, and it
// must answer the common requests itself.
func TestFastPathMatches(t *testing.T) {
	f := newFixture(t)
	p := newFastPair(t, f)
	etag := func(path string) string { return `"` + f.clinicWM.Files[path].Hash[:20] + `"` }
	gzTag := `"` + f.clinicWM.Files["/"].Gzip.Hash[:20] + `"`

	type target struct{ host, path string }
	targets := []target{
		{"app.example", "/s/clinic/production/"},
		{"app.example", "/s/clinic/production/about/"},
		{"app.example", "/s/clinic/production/about/index.html"},
		{"app.example", "/s/clinic/production/gz-only/"},
		{"app.example", "/s/clinic/production" + cssPath},
		{"app.example", "/s/clinic/production/robots.txt"},
		{"app.example", "/s/clinic/production/logo.svg"},
		{"app.example", "/s/clinic/production/video.mp4"},
		{"app.example", "/s/clinic/production/nope/"},
		{"app.example", "/s/clinic/production/404.html"},
		{"app.example", "/s/clinic/production/about"},
		{"app.example", "/s/clinic/production/about?utm=x"},
		{"app.example", "/s/clinic/production"},
		{"app.example", "/s/clinic/production//about/"},
		{"app.example", "/s/clinic/production/./about/"},
		{"app.example", "/s/clinic/production/%61bout/"},
		{"app.example", "/s/clinic/production/a%20b/"},
		{"app.example", "/s/clinic/production/about/../../../other/production/secret/"},
		{"app.example", "/s/clinic/staging/"},
		{"app.example", "/s/clinic/preview/"},
		{"app.example", "/s/clinic/odd/"},
		{"app.example", "/s/bare/production/"},
		{"app.example", "/s/bare/production/nope"},
		{"app.example", "/s/nosuch/production/"},
		{"app.example", "/s/"},
		{"app.example", "/"},
		{"app.example", "/login"},
		{"www.clinic.example", "/"},
		{"WWW.Clinic.Example:8443", "/about/"},
		{"www.clinic.example.", "/"},
		{"www.clinic.example", "/about"},
		{"www.clinic.example", "//evil.example/"},
		{"www.clinic.example", "/s/other/production/"},
		{"www.clinic.example", "/nope"},
		{"staging.clinic.example", "/"},
		{"other.example", "/"},
		{"other.example", "/secret/"},
	}
	type variant struct {
		name   string
		method string
		hdr    [][2]string
	}
	variants := []variant{
		{"plain", "GET", nil},
		{"gzip", "GET", [][2]string{{"Accept-Encoding", "gzip"}}},
		{"browser", "GET", [][2]string{{"Accept-Encoding", "gzip, deflate, br, zstd"}}},
		{"q values", "GET", [][2]string{{"Accept-Encoding", "br;q=0.5, gzip;q=0.8, identity;q=0.1"}}},
		{"identity only", "GET", [][2]string{{"Accept-Encoding", "*;q=0, identity"}}},
		{"two accept lines", "GET", [][2]string{{"Accept-Encoding", "identity;q=0.2"}, {"Accept-Encoding", "br"}}},
		{"head br", "HEAD", [][2]string{{"Accept-Encoding", "br"}}},
		{"etag match", "GET", [][2]string{{"If-None-Match", etag("/")}}},
		{"gzip etag match", "GET", [][2]string{{"Accept-Encoding", "gzip"}, {"If-None-Match", `"x", ` + gzTag}}},
		{"etag star", "GET", [][2]string{{"If-None-Match", "*"}}},
		{"etag miss", "GET", [][2]string{{"If-None-Match", `W/"nope"`}}},
		{"about etag", "GET", [][2]string{{"If-None-Match", etag("/about/")}}},
		{"range", "GET", [][2]string{{"Range", "bytes=2-5"}}},
		{"proxied https", "GET", [][2]string{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.7"}, {"Accept-Encoding", "br"}}},
		{"signed-in editor", "GET", [][2]string{{"X-Test-Role", "editor"}}},
		{"signed-in viewer", "GET", [][2]string{{"X-Test-Role", "viewer"}}},
		{"post", "POST", nil},
		{"options", "OPTIONS", nil},
	}
	for _, tg := range targets {
		for _, v := range variants {
			t.Run(tg.host+tg.path+"/"+v.name, func(t *testing.T) {
				want := roundTrip(t, p.slowAddr, v.method, tg.path, tg.host, v.hdr)
				got := roundTrip(t, p.fastAddr, v.method, tg.path, tg.host, v.hdr)
				if got.status != want.status {
					t.Errorf("status %d, net/http %d", got.status, want.status)
				}
				if got.body != want.body {
					t.Errorf("body %q\nnet/http %q", got.body, want.body)
				}
				for k := range mergeKeys(got.header, want.header) {
					if !slices.Equal(got.header[k], want.header[k]) {
						t.Errorf("header %s: %q, net/http %q", k, got.header[k], want.header[k])
					}
				}
			})
		}
	}

	// The fast path must be the path for the common requests.
	p.fallbacks.Store(0)
	for _, tg := range []target{
		{"app.example", "/s/clinic/production/"},
		{"app.example", "/s/clinic/production" + cssPath},
		{"app.example", "/s/clinic/production/nope/"},
		{"www.clinic.example", "/about/"},
	} {
		for _, hdr := range [][][2]string{nil, {{"Accept-Encoding", "gzip, br"}}, {{"If-None-Match", etag("/")}}} {
			roundTrip(t, p.fastAddr, "GET", tg.path, tg.host, hdr)
			roundTrip(t, p.fastAddr, "HEAD", tg.path, tg.host, hdr)
		}
	}
	if n := p.fallbacks.Load(); n != 0 {
		t.Errorf("%d common requests went to the fallback", n)
	}
	// HSTS behind a TLS-terminating proxy, from both paths.
	for _, path := range []string{"/s/clinic/production/", "/s/clinic/production/about"} {
		got := roundTrip(t, p.fastAddr, "GET", path, "app.example", [][2]string{{"X-Forwarded-Proto", "https"}})
		if got.header.Get("Strict-Transport-Security") == "" {
			t.Errorf("%s through a proxy over https: no HSTS", path)
		}
	}
}

func mergeKeys(a, b http.Header) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// TestFastServerRefusals: what fasthttp refuses before any handler runs
// gets a built-in page, not a bare text line.
func TestFastServerRefusals(t *testing.T) {
	f := newFixture(t)
	p := newFastPair(t, f)
	tests := []struct {
		name    string
		request string
		status  int
	}{
		{"body over the limit", "POST /s/clinic/production/_forms/contact HTTP/1.1\r\nHost: app.example\r\nContent-Length: 70000\r\n\r\n" + strings.Repeat("a", 70000), 413},
		{"malformed request line", "GET\r\n\r\n", 400},
		{"bad content length", "POST / HTTP/1.1\r\nHost: app.example\r\nContent-Length: x\r\n\r\n", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.DialTimeout("tcp", p.fastAddr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			_, _ = io.WriteString(c, tc.request)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != htmlType || !strings.Contains(string(body), "<h1>") {
				t.Errorf("%d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no security headers")
			}
		})
	}
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}
