package netguard

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestAllowed(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", false}, {"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"100.64.0.1", false}, {"0.0.0.0", false}, {"224.0.0.1", false},
		{"::1", false}, {"fe80::1", false}, {"fc00::1", false}, {"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false},
		{"8.8.8.8", true}, {"1.1.1.1", true}, {"2606:4700:4700::1111", true}, {"::ffff:8.8.8.8", true},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			if got := Allowed(netip.MustParseAddr(tt.ip)); got != tt.want {
				t.Fatalf("Allowed(%s) = %v, want %v", tt.ip, got, tt.want)
			}
		})
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		name, url string
		private   bool
		ok        bool
	}{
		{"public https", "https://hooks.example.org/deploy", false, true},
		{"loopback literal", "http://127.0.0.1:8080/x", false, false},
		{"metadata", "http://169.254.169.254/latest/meta-data", false, false},
		{"localhost", "http://localhost/x", false, false},
		{"sub localhost", "http://api.localhost/x", false, false},
		{"ipv6 loopback", "http://[::1]/x", false, false},
		{"credentials", "https://user:pw@hooks.example.org/", false, false},
		{"ftp", "ftp://hooks.example.org/", false, false},
		{"no host", "https:///x", false, false},
		{"private allowed for tests", "http://127.0.0.1:8080/x", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckURL(tt.url, tt.private); (err == nil) != tt.ok {
				t.Fatalf("CheckURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
		})
	}
}

// TestClientRefusesLoopbackAtDial: a name is checked after it resolves.
func TestClientRefusesLoopbackAtDial(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	if _, err := Client(Options{}).Get(srv.URL); err == nil || !IsBlocked(err) {
		t.Fatalf("a loopback request got through: %v", err)
	}
	res, err := Client(Options{AllowPrivate: true}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://a.example/", "http://127.0.0.1/", "http://[::1]:80/", "javascript:alert(1)", "http://0x7f.1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = CheckURL(s, false)
	})
}
