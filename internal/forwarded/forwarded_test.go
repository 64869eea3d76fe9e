package forwarded

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"empty trusts nobody", "", true},
		{"address and network", "127.0.0.1, 10.0.0.0/8", true},
		{"ipv6", "::1, fd00::/8", true},
		{"host name", "proxy.internal", false},
		{"bad prefix", "10.0.0.0/33", false},
		{"junk", "10.0.0.0/8, nope", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("Parse(%q) = %v", tc.in, err)
			}
		})
	}
}

func TestClient(t *testing.T) {
	p, err := Parse("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		remote string
		xff    []string
		want   string
	}{
		{"untrusted peer is the client", "203.0.113.9:5555", []string{"1.2.3.4"}, "203.0.113.9"},
		{"no header", "10.1.2.3:80", nil, "10.1.2.3"},
		{"one hop", "10.1.2.3:80", []string{"198.51.100.7"}, "198.51.100.7"},
		{"client-chosen prefix is ignored", "10.1.2.3:80", []string{"1.1.1.1, 198.51.100.7"}, "198.51.100.7"},
		{"chain of trusted proxies", "127.0.0.1:80", []string{"198.51.100.7, 10.9.9.9"}, "198.51.100.7"},
		{"several header lines", "10.1.2.3:80", []string{"1.1.1.1", "198.51.100.7, 10.0.0.2"}, "198.51.100.7"},
		{"malformed hop stops the walk", "10.1.2.3:80", []string{"1.1.1.1, garbage"}, "10.1.2.3"},
		{"all trusted", "10.1.2.3:80", []string{"10.0.0.5"}, "10.0.0.5"},
		{"ipv4-mapped peer", "[::ffff:10.1.2.3]:80", []string{"198.51.100.7"}, "198.51.100.7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Client(tc.remote, tc.xff).String(); got != tc.want {
				t.Fatalf("Client = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestHandler(t *testing.T) {
	p, _ := Parse("10.0.0.0/8")
	var seen *http.Request
	h := p.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r }))
	tests := []struct {
		name       string
		remote     string
		hdr        map[string]string
		wantRemote string
		wantTLS    bool
	}{
		{"proxy over https", "10.0.0.1:4000", map[string]string{"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}, "198.51.100.7:0", true},
		{"proxy over http", "10.0.0.1:4000", map[string]string{"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "http"}, "198.51.100.7:0", false},
		{"first proto of a chain", "10.0.0.1:4000", map[string]string{"X-Forwarded-Proto": "HTTPS, http"}, "10.0.0.1:0", true},
		{"stranger cannot claim https", "203.0.113.9:4000", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https"}, "203.0.113.9:4000", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for k, v := range tc.hdr {
				r.Header.Set(k, v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if seen.RemoteAddr != tc.wantRemote || (seen.TLS != nil) != tc.wantTLS {
				t.Fatalf("RemoteAddr %s TLS %v, want %s %v", seen.RemoteAddr, seen.TLS != nil, tc.wantRemote, tc.wantTLS)
			}
		})
	}
	if nobody, _ := Parse(""); nobody.Handler(h) == nil {
		t.Fatal("nil handler")
	}
}

func FuzzClient(f *testing.F) {
	p, _ := Parse("10.0.0.0/8, ::1")
	f.Add("10.0.0.1:80", "1.2.3.4, 10.0.0.2")
	f.Add("[::1]:80", "garbage,,, ::ffff:1.2.3.4")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		a := p.Client(remote, []string{xff})
		if a.IsValid() && p.Trusts(a) && !p.Trusts(peer(remote)) {
			t.Fatalf("an untrusted peer %q made itself a trusted address %s", remote, a)
		}
	})
}
