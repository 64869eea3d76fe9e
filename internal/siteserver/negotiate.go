package siteserver

import (
	"path"
	"strings"
)

// negotiate picks the encoding to send f in from the request's
// Accept-Encoding values (RFC 9110 §12.5.3): the acceptable available
// coding with the highest q, br before gzip on a tie. Identity is
// acceptable unless excluded ("identity;q=0", or "*;q=0" without an
// identity entry) but only preferred when the client ranks it strictly
// higher; a client that accepts nothing we have still gets identity, as
// most servers do, rather than a 406. No header means identity.
func (f *file) negotiate(values []string) int {
	if !f.vary || len(values) == 0 {
		return encIdentity
	}
	a := newAccept()
	for _, v := range values {
		a.add(v)
	}
	return a.pick(f)
}

// accept collects the q values of one request's Accept-Encoding values.
type accept struct {
	q    [numEnc]int // -1: not named
	star int
}

func newAccept() accept { return accept{q: [numEnc]int{-1, -1, -1}, star: -1} }

// add reads one Accept-Encoding header value.
func (a *accept) add(v string) {
	for v != "" {
		var elem string
		elem, v, _ = strings.Cut(v, ",")
		name, params, _ := strings.Cut(elem, ";")
		name = strings.Trim(name, " \t")
		qv, ok := qvalue(params)
		if !ok {
			continue
		}
		switch {
		case strings.EqualFold(name, "br"):
			a.q[encBr] = qv
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			a.q[encGzip] = qv
		case strings.EqualFold(name, "identity"):
			a.q[encIdentity] = qv
		case name == "*":
			a.star = qv
		}
	}
}

// pick chooses among f's representations.
func (a *accept) pick(f *file) int {
	q := a.q
	for _, e := range [...]int{encGzip, encBr} {
		if q[e] < 0 {
			q[e] = max(a.star, 0)
		}
	}
	best, bestQ := encIdentity, 0
	for _, e := range [...]int{encBr, encGzip} {
		if f.reps[e].hash != "" && q[e] > bestQ {
			best, bestQ = e, q[e]
		}
	}
	if best != encIdentity && q[encIdentity] > bestQ {
		return encIdentity
	}
	return best
}

// qvalue reads the q parameter of one Accept-Encoding element as
// thousandths (1000 when absent); ok is false for a malformed q, whose
// element is then ignored.
func qvalue(params string) (q int, ok bool) {
	q = 1000
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		p = strings.Trim(p, " \t")
		if len(p) < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=' {
			continue
		}
		v := p[2:]
		if v == "" || (v[0] != '0' && v[0] != '1') {
			return 0, false
		}
		n := int(v[0]-'0') * 1000
		if len(v) > 1 {
			if v[1] != '.' || len(v) > 5 {
				return 0, false
			}
			scale := 100
			for _, c := range v[2:] {
				if c < '0' || c > '9' {
					return 0, false
				}
				n += int(c-'0') * scale
				scale /= 10
			}
		}
		if n > 1000 {
			return 0, false
		}
		q = n
	}
	return q, true
}

// etagMatch reports whether any If-None-Match value matches etag (a
// strong, quoted tag) by the weak comparison RFC 9110 §13.1.2 asks for:
// "*", or the same opaque tag with or without W/.
func etagMatch(values []string, etag string) bool {
	for _, v := range values {
		if etagMatchOne(v, etag) {
			return true
		}
	}
	return false
}

// etagMatchOne is etagMatch for one If-None-Match value.
func etagMatchOne(v, etag string) bool {
	for {
		v = strings.TrimLeft(v, " \t,")
		if v == "" {
			return false
		}
		if v[0] == '*' {
			return true
		}
		v = strings.TrimPrefix(v, "W/")
		if v == "" || v[0] != '"' {
			return false // malformed: ignore the rest of this value
		}
		end := strings.IndexByte(v[1:], '"')
		if end < 0 {
			return false
		}
		if v[:end+2] == etag {
			return true
		}
		v = v[end+2:]
	}
}

// cleanPath returns p with "//", "/./" and "/../" resolved and no escape
// above the root, keeping a trailing slash; ok is true when p was already
// clean (the common case, checked without allocating).
func cleanPath(p string) (string, bool) {
	if isClean(p) {
		return p, true
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	c := path.Clean(p)
	if c != "/" && (strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")) {
		c += "/"
	}
	return c, false
}

func isClean(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		rest := p[i+1:]
		switch {
		case strings.HasPrefix(rest, "/"),
			rest == ".", strings.HasPrefix(rest, "./"),
			rest == "..", strings.HasPrefix(rest, "../"):
			return false
		}
	}
	return true
}

// normalHost is r.Host as Resolver.ByHost expects it: lower-case, no port,
// no trailing dot ("" when there is nothing left).
func normalHost(h string) string {
	if strings.HasPrefix(h, "[") {
		if end := strings.IndexByte(h, ']'); end > 0 {
			h = h[:end+1]
		}
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.IndexByte(h, ':') == i {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	for i := 0; i < len(h); i++ {
		if c := h[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(h)
		}
	}
	return h
}
