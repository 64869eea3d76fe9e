// Package forwarded believes X-Forwarded-For and X-Forwarded-Proto from
// the reverse proxies an operator names (--trusted-proxies), and from
// nobody else.
//
// Behind a proxy that terminates TLS, every request arrives from the proxy
// over plain HTTP: without this, rate limits would count all visitors as
// one, the audit log would record the proxy's address, and HSTS (sent only
// over HTTPS) would never be sent. Believing those headers from anyone
// would let any client choose its address, so only peers inside the
// configured networks are believed, and the client address is the
// rightmost one in X-Forwarded-For that is not itself a trusted proxy (the
// leftmost entries are whatever the client sent).
package forwarded

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies is a set of trusted proxy networks. The zero value, and a nil
// *Proxies, trust nobody.
type Proxies struct {
	nets []netip.Prefix
}

// Parse reads a comma-separated list of IP addresses and CIDR networks
// ("10.0.0.0/8, 127.0.0.1"). An empty list trusts nobody.
func Parse(list string) (*Proxies, error) {
	p := &Proxies{}
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if strings.Contains(item, "/") {
			pfx, err := netip.ParsePrefix(item)
			if err != nil {
				return nil, fmt.Errorf("%q is not an IP address or CIDR network (e.g. 10.0.0.0/8)", item)
			}
			p.nets = append(p.nets, pfx.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR network (e.g. 10.0.0.0/8)", item)
		}
		a = a.Unmap()
		p.nets = append(p.nets, netip.PrefixFrom(a, a.BitLen()))
	}
	return p, nil
}

// Trusts reports whether a is inside a trusted network.
func (p *Proxies) Trusts(a netip.Addr) bool {
	if p == nil || !a.IsValid() {
		return false
	}
	a = a.Unmap()
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// peer parses a RemoteAddr ("ip:port", or a bare ip).
func peer(remote string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(remote)
	return a.Unmap()
}

// Client is the address of the client behind the peer remote, given the
// request's X-Forwarded-For values: the peer itself unless it is trusted;
// otherwise the rightmost forwarded address that is not trusted (or the
// leftmost, if all are). A malformed entry stops the walk there: what is
// left of it cannot be believed.
func (p *Proxies) Client(remote string, xff []string) netip.Addr {
	addr := peer(remote)
	if !p.Trusts(addr) {
		return addr
	}
	var hops []string
	for _, v := range xff {
		for h := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return addr
		}
		addr = a.Unmap()
		if !p.Trusts(addr) {
			return addr
		}
	}
	return addr
}

// HTTPS reports whether a trusted peer says the client came over HTTPS.
func (p *Proxies) HTTPS(remote, proto string) bool {
	return p.HTTPSFrom(peer(remote), proto)
}

// HTTPSFrom is HTTPS for a parsed peer address.
func (p *Proxies) HTTPSFrom(peer netip.Addr, proto string) bool {
	if proto == "" || !p.Trusts(peer) {
		return false
	}
	// A chain of proxies may list one protocol per hop; the first is the
	// client's.
	first, _, _ := strings.Cut(proto, ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}

// Handler rewrites a request from a trusted proxy as if it came from the
// client: RemoteAddr becomes the client's address, and when the client
// used HTTPS, r.TLS is set (to an empty connection state), which is what
// the rest of the server checks before sending HSTS or building https
// URLs. Requests from anyone else pass unchanged.
func (p *Proxies) Handler(next http.Handler) http.Handler {
	if p == nil || len(p.nets) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.Trusts(peer(r.RemoteAddr)) {
			next.ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		if c := p.Client(r.RemoteAddr, r.Header["X-Forwarded-For"]); c.IsValid() {
			r2.RemoteAddr = net.JoinHostPort(c.String(), "0")
		}
		if r.TLS == nil && p.HTTPS(r.RemoteAddr, r.Header.Get("X-Forwarded-Proto")) {
			r2.TLS = &tls.ConnectionState{}
		}
		next.ServeHTTP(w, r2)
	})
}
