// Package netguard makes HTTP clients for URLs that users give
// (webhooks, data sources) that cannot be turned against the server's own
// network: the address is checked when the connection is made, after DNS,
// so a name that resolves (or re-resolves) to a private address is
// refused too.
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrBlocked is returned (wrapped) for a connection to an address that is
// not on the public internet.
var ErrBlocked = errors.New("netguard: address not allowed")

// blocked are the ranges no outbound request may reach: loopback, private
// networks, link-local (cloud metadata at 169.254.169.254), carrier-grade
// NAT, multicast, documentation and reserved ranges.
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
		"192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
		"224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Allowed reports whether an address is on the public internet.
func Allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Options adjust a client.
type Options struct {
	// AllowPrivate lets requests reach private and loopback addresses
	// (development and tests only; PAGEWRIGHT_OUTBOUND_ALLOW_PRIVATE).
	AllowPrivate bool
	// Timeout bounds a whole request (default 10 s).
	Timeout time.Duration
}

// Client returns an HTTP client that refuses non-public addresses, does
// not follow redirects (a redirect to an internal address would bypass
// nothing, but the caller should see it) and has a timeout.
func Client(o Options) *http.Client {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrBlocked, address)
			}
			if !Allowed(ap.Addr()) {
				return fmt.Errorf("%w: %s is not a public address", ErrBlocked, ap.Addr())
			}
			return nil
		}
	}
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: o.Timeout,
		MaxIdleConns: 10, IdleConnTimeout: 30 * time.Second, Proxy: nil}
	return &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// CheckURL validates a user-given URL before it is stored: http(s), a
// host, no credentials, and — unless allowPrivate — no literal private
// address or "localhost". Names are checked again when connecting.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 2000 {
		return errors.New("enter an http(s) URL without a user name or password")
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if host == "localhost" || len(host) > 10 && host[len(host)-10:] == ".localhost" {
		return fmt.Errorf("%w: %s", ErrBlocked, host)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !Allowed(ip) {
		return fmt.Errorf("%w: %s is not a public address", ErrBlocked, host)
	}
	return nil
}

// IsBlocked tells whether err is a refusal by this package.
func IsBlocked(err error) bool { return errors.Is(err, ErrBlocked) }
