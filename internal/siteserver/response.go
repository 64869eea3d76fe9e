package siteserver

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Header values, allocated once: the hot path assigns these slices to the
// response's header map directly (under canonical keys), which copies no
// strings. Nothing in net/http modifies a header value slice in place.
var (
	hvImmutable  = []string{"public, max-age=31536000, immutable"}
	hvRevalidate = []string{"public, max-age=0, must-revalidate"}
	hvNoStore    = []string{"private, no-store"}
	hvNoIndex    = []string{"noindex"}
	hvVary       = []string{"Accept-Encoding"}
	hvAllow      = []string{"GET, HEAD"}
	hvHTML       = []string{"text/html; charset=utf-8"}
	hvZero       = []string{"0"}
	hvRetry      = []string{"5"}

	hvDefaultCSP = []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"}
	hvNosniff  = []string{"nosniff"}
	hvReferrer = []string{"strict-origin-when-cross-origin"}
	hvFrame    = []string{"SAMEORIGIN"}
	// hvPermissions turns off the powerful features a published page has
	// no business using, for the page and anything it embeds; fullscreen,
	// autoplay and picture-in-picture stay, for embedded video.
	hvPermissions = []string{"accelerometer=(), camera=(), geolocation=(), gyroscope=(), " +
		"magnetometer=(), microphone=(), midi=(), payment=(), usb=()"}
	hvHSTS = []string{"max-age=63072000; includeSubDomains"}
)

// serveFile sends one file of a manifest with status (200, or 404 for the
// site's not-found page).
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, live *Live, f *file, status int) {
	ranged := status == http.StatusOK && len(r.Header["Range"]) > 0
	enc := encIdentity
	if !ranged {
		enc = f.negotiate(r.Header["Accept-Encoding"])
	}
	rp := &f.reps[enc]
	h := w.Header()
	if status == http.StatusOK {
		if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm, rp.etag[0]) {
			s.fileHeaders(h, r, live, f, rp)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	body, err := s.objects.get(r.Context(), rp.hash)
	if err != nil {
		s.loadFailed(w, r, live, "object", rp.hash, err)
		return
	}
	s.fileHeaders(h, r, live, f, rp)
	if status != http.StatusOK {
		// The ETag names the 404 page, not what is (not) at this URL.
		delete(h, "Etag")
	}
	h["Content-Type"] = f.ctype
	if rp.encoding != nil {
		h["Content-Encoding"] = rp.encoding
	}
	if ranged {
		// ServeContent does the Range and If-Range work; it re-checks the
		// conditions above against the ETag we set, which is harmless.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h["Content-Length"] = rp.contentLength(len(body))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body) // a failed write means the client went away
	}
}

// fileHeaders sets the headers a file's 200 and 304 responses share.
func (s *Server) fileHeaders(h http.Header, r *http.Request, live *Live, f *file, rp *rep) {
	setSecurity(h, r, live, f.csp)
	if live.Access.Mode == AccessPublic { // otherwise setSecurity chose no-store
		if f.immutable {
			h["Cache-Control"] = hvImmutable
		} else {
			h["Cache-Control"] = hvRevalidate
		}
	}
	h["Etag"] = rp.etag
	if f.vary {
		h["Vary"] = hvVary
	}
}

// setSecurity sets the headers every response carries, and for an
// environment that is not public (live may be nil: no environment) the
// ones that keep its pages out of shared caches and search engines.
func setSecurity(h http.Header, r *http.Request, live *Live, csp []string) {
	if csp == nil {
		csp = hvDefaultCSP
	}
	h["Content-Security-Policy"] = csp
	h["X-Content-Type-Options"] = hvNosniff
	h["Referrer-Policy"] = hvReferrer
	h["X-Frame-Options"] = hvFrame
	h["Permissions-Policy"] = hvPermissions
	if r.TLS != nil {
		// Only over TLS: RFC 6797 has browsers ignore it on plain HTTP,
		// and sending it there would promise what we do not control.
		h["Strict-Transport-Security"] = hvHSTS
	}
	if live != nil && live.Access.Mode != AccessPublic {
		h["Cache-Control"] = hvNoStore
		h["X-Robots-Tag"] = hvNoIndex
	} else if live != nil && live.NoIndex {
		h["X-Robots-Tag"] = hvNoIndex
	}
}

// admit enforces the environment's access rules, answering (redirect to
// login, or 403) when the request may not proceed.
// onHost is true for a request served on an attached domain.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, live *Live, onHost bool) bool {
	mode := live.Access.Mode
	switch mode {
	case AccessPublic:
		return true
	case AccessLogin, AccessRoles:
	default:
		s.log.ErrorContext(r.Context(), "siteserver: unknown access mode, denying", "site", live.SiteSlug, "env", live.Env, "mode", mode)
		s.forbidden(w, r, live, onHost)
		return false
	}
	if s.Viewer == nil {
		s.forbidden(w, r, live, onHost)
		return false
	}
	role, signedIn := s.Viewer.Role(r)
	switch {
	case !signedIn && onHost && s.HostLoginURL == "":
		s.forbidden(w, r, live, onHost)
		return false
	case !signedIn:
		s.toLogin(w, r, live, onHost)
		return false
	case mode == AccessLogin || slices.Contains(live.Access.Roles, role):
		return true
	default:
		s.forbidden(w, r, live, onHost)
		return false
	}
}

// SignInURL is where a visitor who is not signed in goes from r: LoginURL,
// or for a request served on a site's domain (onHost) HostLoginURL, with
// next set to where they come back to — next, a path of r's host, or when
// empty the requested URL. It is absolute when the sign-in URL is (the
// sign-in happens on another host). ok is false on a domain without a
// HostLoginURL: there is no way to sign in from there.
func (s *Server) SignInURL(r *http.Request, onHost bool, next string) (target string, ok bool) {
	s.init()
	login := s.loginURL
	if onHost {
		if login = s.HostLoginURL; login == "" {
			return "", false
		}
	}
	if next == "" {
		next = r.URL.RequestURI()
	}
	if strings.Contains(login, "://") {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		next = scheme + "://" + r.Host + next
	}
	sep := "?"
	if strings.Contains(login, "?") {
		sep = "&"
	}
	return login + sep + "next=" + url.QueryEscape(next), true
}

// loginTarget is SignInURL back to the requested URL.
func (s *Server) loginTarget(r *http.Request, onHost bool) string {
	target, _ := s.SignInURL(r, onHost, "")
	return target
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request, live *Live, onHost bool) {
	h := w.Header()
	setSecurity(h, r, live, nil)
	h["Cache-Control"] = hvNoStore
	h["Location"] = []string{s.loginTarget(r, onHost)}
	h["Content-Length"] = hvZero
	w.WriteHeader(http.StatusSeeOther)
}

// redirect sends a permanent redirect to the decoded path target within
// the same site, keeping the query.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, live *Live, target string, code int) {
	loc := (&url.URL{Path: target}).EscapedPath()
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	h := w.Header()
	h["Cache-Control"] = hvRevalidate
	setSecurity(h, r, live, nil)
	h["Location"] = []string{loc}
	h["Content-Length"] = hvZero
	w.WriteHeader(code)
}

// loadFailed answers for a manifest or object that could not be read.
func (s *Server) loadFailed(w http.ResponseWriter, r *http.Request, live *Live, what, hash string, err error) {
	status := http.StatusBadGateway
	msg := "siteserver: object store failed"
	switch {
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away: nobody reads this, and it is not worth
		// a log line; answering still beats an empty 200.
		s.plain(w, r, live, http.StatusServiceUnavailable)
		return
	case isMissing(err):
		status, msg = http.StatusInternalServerError, "siteserver: object missing"
	case errors.Is(err, errBadObject):
		status, msg = http.StatusInternalServerError, "siteserver: object damaged"
	}
	s.log.ErrorContext(r.Context(), msg, "what", what, "hash", hash, "site", live.SiteSlug,
		"env", live.Env, "deployment", live.DeploymentID, "path", r.URL.Path, "err", err)
	s.plain(w, r, live, status)
}
