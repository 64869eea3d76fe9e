package siteserver

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"
	"unsafe"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// AuthPath is where, on a site's domain, the app signs a member in (the
// end of the sign-in hand-off); the fast path leaves it to the fallback.
const AuthPath = "/_pw/auth"

// FastHandler serves sites on a listener of their own with fasthttp,
// whose per-request cost is about half of net/http's: what lets a
// published page be served about as fast as nginx serves the same files.
//
// Routing on that listener: a domain attached to an environment owns its
// whole path space; any other host reaches environments under Prefix.
// The handler answers the requests that make up almost all of a public
// site's traffic itself — a GET or HEAD of a file of a public
// environment's cached manifest, including the site's 404 page and 304s.
// Everything else (form posts, protected environments, redirects, Range
// requests, percent-encoded paths, errors) goes to fallback, a net/http
// handler that should route the same way and end in ServeHost and
// ServeHTTP, so that there is one implementation of every rule and the
// fast path is only a shortcut for its commonest answers. TestFastPathMatches
// holds the two to the same status, headers and body.
func (s *Server) FastHandler(fallback http.Handler) fasthttp.RequestHandler {
	s.init()
	slow := fasthttpadaptor.NewFastHTTPHandler(fallback)
	return func(ctx *fasthttp.RequestCtx) {
		if !s.serveFast(ctx) {
			slow(ctx)
		}
	}
}

// NewFastServer returns the fasthttp server FastHandler's handler should
// run in: paths reach the handler as sent (it checks them itself, as
// ServeHTTP does, rather than having them silently rewritten), there is
// no Server header, and request bodies are capped at maxBody (form posts
// are the only bodies a site accepts).
func NewFastServer(h fasthttp.RequestHandler, maxBody int) *fasthttp.Server {
	return &fasthttp.Server{
		Handler:               h,
		NoDefaultServerHeader: true,
		NoDefaultContentType:  true,
		MaxRequestBodySize:    maxBody,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          time.Minute,
		IdleTimeout:           2 * time.Minute,
		CloseOnShutdown:       true,
		ErrorHandler:          fastError,
	}
}

// fastError answers a request fasthttp could not read (malformed, or a
// body over the limit) with a built-in page, as the rest of the site
// server answers its errors.
func fastError(ctx *fasthttp.RequestCtx, err error) {
	status := http.StatusBadRequest
	if errors.Is(err, fasthttp.ErrBodyTooLarge) {
		status = http.StatusRequestEntityTooLarge
	}
	p := canned[status]
	h := &ctx.Response.Header
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", hvBuiltinCSP[0])
	h.Set("X-Content-Type-Options", hvNosniff[0])
	h.Set("Referrer-Policy", hvReferrer[0])
	h.Set("X-Frame-Options", hvFrame[0])
	h.Set("Permissions-Policy", hvPermissions[0])
	h.Set("Content-Type", hvHTML[0])
	ctx.SetStatusCode(status)
	ctx.Response.SetBodyRaw(p.body)
	ctx.SetConnectionClose()
}

// serveFast answers ctx and reports true when the request is one the
// fast path handles; otherwise it writes nothing and reports false.
func (s *Server) serveFast(ctx *fasthttp.RequestCtx) bool {
	req := &ctx.Request.Header
	if !ctx.IsGet() && !ctx.IsHead() {
		return false
	}
	if req.Peek("Range") != nil {
		return false
	}
	raw := ctx.Request.URI().PathOriginal()
	if len(raw) == 0 || raw[0] != '/' || bytes.IndexByte(raw, '%') >= 0 {
		return false
	}
	// b2s views request memory that lives until the handler returns;
	// nothing below keeps these strings.
	p := b2s(raw)
	if strings.Contains(p, "/_forms/") || strings.HasSuffix(p, AuthPath) {
		return false // the app's: form posts, and signing in on a domain
	}
	live, found, err := s.Resolver.ByHost(ctx, normalHost(b2s(ctx.Host())))
	if err != nil {
		return false
	}
	if !found {
		site, env, base, slash := s.splitPrefix(p)
		if site == "" || !slash {
			return false
		}
		live, found, err = s.Resolver.ByPrefix(ctx, site, env)
		if err != nil || !found {
			return false
		}
		p = p[len(base):]
	}
	if live.Access.Mode != AccessPublic || !isClean(p) {
		return false
	}
	m, err := s.manifests.get(ctx, live.ManifestHash)
	if err != nil {
		return false
	}
	f, status := m.lookup(p)
	if f == nil || status == http.StatusPermanentRedirect {
		return false
	}
	aes := req.PeekAll("Accept-Encoding")
	enc := encIdentity
	if f.vary && len(aes) > 0 {
		a := newAccept()
		for _, v := range aes {
			a.add(b2s(v))
		}
		enc = a.pick(f)
	}
	rp := &f.reps[enc]
	h := &ctx.Response.Header
	tls := ctx.IsTLS()
	if proto := req.Peek("X-Forwarded-Proto"); !tls && proto != nil && s.Proxies != nil {
		if ta, ok := ctx.RemoteAddr().(*net.TCPAddr); ok {
			tls = s.Proxies.HTTPSFrom(ta.AddrPort().Addr(), b2s(proto))
		}
	}
	if status == http.StatusOK {
		for _, v := range req.PeekAll("If-None-Match") {
			if etagMatchOne(b2s(v), rp.etag[0]) {
				fastFileHeaders(h, tls, &live, f, rp)
				ctx.SetStatusCode(http.StatusNotModified)
				return true
			}
		}
	}
	body, err := s.objects.get(ctx, rp.hash)
	if err != nil {
		return false
	}
	fastFileHeaders(h, tls, &live, f, rp)
	if status != http.StatusOK {
		h.Del("Etag") // it names the 404 page, not what is (not) at this URL
	}
	h.Set("Content-Type", f.ctype[0])
	if rp.encoding != nil {
		h.Set("Content-Encoding", rp.encoding[0])
	}
	ctx.SetStatusCode(status)
	// SetBodyRaw shares the cached bytes, which never change (they are
	// content-addressed); for HEAD fasthttp sends the length, not the body.
	ctx.Response.SetBodyRaw(body)
	return true
}

// fastFileHeaders is fileHeaders and setSecurity for fasthttp, for a
// public environment (the only kind the fast path serves).
func fastFileHeaders(h *fasthttp.ResponseHeader, tls bool, live *Live, f *file, rp *rep) {
	csp := f.csp
	if csp == nil {
		csp = hvDefaultCSP
	}
	h.Set("Content-Security-Policy", csp[0])
	h.Set("X-Content-Type-Options", hvNosniff[0])
	h.Set("Referrer-Policy", hvReferrer[0])
	h.Set("X-Frame-Options", hvFrame[0])
	h.Set("Permissions-Policy", hvPermissions[0])
	if tls {
		h.Set("Strict-Transport-Security", hvHSTS[0])
	}
	if live.NoIndex {
		h.Set("X-Robots-Tag", hvNoIndex[0])
	}
	if f.immutable {
		h.Set("Cache-Control", hvImmutable[0])
	} else {
		h.Set("Cache-Control", hvRevalidate[0])
	}
	h.Set("Etag", rp.etag[0])
	if f.vary {
		h.Set("Vary", hvVary[0])
	}
}

// b2s views b as a string without copying; b must not change while the
// string is in use.
func b2s(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
