// Package siteserver serves published sites from their build manifests.
//
// Every environment of every site is reachable without DNS under a path
// prefix (/s/{site}/{env}/…), and by Host header once a domain is attached
// to it. A request resolves the environment's live deployment exactly once
// and then serves entirely from that deployment's manifest, so activating
// or rolling back a deployment — which only swaps what the Resolver returns
// — never mixes two builds in one response and never fails a request in
// flight.
//
// Files are content-addressed objects (see package sitebuild). Because an
// object's bytes can never change under its name, the server keeps parsed
// manifests and object bytes in bounded in-memory caches that need no
// invalidation, and precomputes every per-file header value once per
// manifest so that serving a cached page allocates almost nothing.
//
// Responses carry strong ETags (one per encoding sent), answer
// If-None-Match with 304, pick the precompressed br or gzip copy by
// Accept-Encoding, and always send security headers. Range requests are
// honoured for the identity encoding only (they are what browsers send for
// audio and video); a request with a Range header is therefore answered
// uncompressed.
package siteserver

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/pagewright/pagewright/internal/forwarded"
)

// Live is what an environment serves right now.
type Live struct {
	SiteID, SiteSlug, Env string
	DeploymentID          string
	// ManifestHash is the object hash of the manifest JSON. Parsed
	// manifests are cached by it: activating another deployment changes
	// the hash, so a cached manifest never goes stale.
	ManifestHash string
	Access       Access
	// NoIndex keeps search engines out of a public environment that is
	// not production (X-Robots-Tag: noindex on every response): under a
	// path prefix its own robots.txt is not at the host's root, where
	// crawlers look.
	NoIndex bool
}

// Access says who may see an environment.
type Access struct {
	// Mode is AccessPublic, AccessLogin or AccessRoles. Any other value
	// (including "") denies everyone, so that a mistake fails closed.
	Mode string
	// Roles are the member roles admitted when Mode is AccessRoles.
	Roles []string
}

// The access modes of an environment.
const (
	// AccessPublic admits everyone.
	AccessPublic = "public"
	// AccessLogin admits any signed-in member.
	AccessLogin = "login"
	// AccessRoles admits signed-in members whose role is in Access.Roles.
	AccessRoles = "roles"
)

// Resolver finds the live deployment of an environment. It is called on
// every request, so it must be cheap (an in-memory snapshot replaced in one
// step when a deployment activates).
type Resolver interface {
	// ByPrefix resolves /s/{siteSlug}/{env}/. found is false for an
	// unknown site or environment, or one with nothing deployed.
	ByPrefix(ctx context.Context, siteSlug, env string) (live Live, found bool, err error)
	// ByHost resolves a domain attached to an environment. host is
	// lower-case, without port or trailing dot.
	ByHost(ctx context.Context, host string) (live Live, found bool, err error)
}

// Viewer tells who is asking, from the app's session cookie.
type Viewer interface {
	Role(r *http.Request) (role string, signedIn bool)
}

// Objects reads content-addressed objects: the bytes whose hex SHA-256 is
// hash. A missing object is reported with an error that wraps
// sitebuild.ErrNoObject, blob.ErrNotFound or fs.ErrNotExist. It is the
// read half of sitebuild.Objects (which satisfies it), so that a read-only
// store serves too.
type Objects interface {
	Get(ctx context.Context, hash string) ([]byte, error)
}

// DefaultCacheBytes is the object cache budget used when
// Server.CacheBytes is 0.
const DefaultCacheBytes = 64 << 20

// Server serves published sites. Resolver and Objects are required. Set
// the fields before the first request and do not copy the Server
// afterwards.
type Server struct {
	Resolver Resolver
	Objects  Objects
	// Viewer identifies signed-in members. When nil nobody is signed in
	// and nobody can sign in here, so environments that are not public
	// answer 403 (never a login redirect that could not succeed).
	Viewer Viewer
	// Prefix is the path under which ServeHTTP finds sites:
	// Prefix + "{site}/{env}/…". Default "/s/". It must start and end
	// with "/".
	Prefix string
	// LoginURL is where login-protected environments send visitors who
	// are not signed in, with ?next= set to where they were going.
	// Default "/login". When it is absolute (https://app.example/login),
	// next is an absolute URL too, so that sites on their own domains
	// come back to themselves.
	LoginURL string
	// HostLoginURL is where visitors of a protected environment served on
	// an attached domain are sent when not signed in, with ?next= the
	// absolute URL they asked for. The app's sign-in cookie does not
	// reach another domain, so this is a hand-off on the app's own host
	// (absolute URL) that signs the visitor in on the site's domain. When
	// empty such visitors get the 403 page, which says to sign in.
	HostLoginURL string
	// CacheBytes bounds the in-memory object cache; 0 means
	// DefaultCacheBytes, a negative value disables caching.
	CacheBytes int64
	// ManifestCacheBytes bounds the parsed manifests kept (estimated
	// size); 0 means DefaultManifestCacheBytes.
	ManifestCacheBytes int64
	// Proxies are the reverse proxies believed when they say the client
	// came over HTTPS (for HSTS on the fast path; net/http requests are
	// rewritten by forwarded.Proxies.Handler before they arrive). nil
	// believes nobody.
	Proxies *forwarded.Proxies
	// Logger receives errors (never request bodies or cookies); nil means
	// slog.Default().
	Logger *slog.Logger

	once      sync.Once
	prefix    string
	loginURL  string
	log       *slog.Logger
	objects   *objectCache
	manifests *manifestCache
}

func (s *Server) init() {
	s.once.Do(func() {
		s.prefix = s.Prefix
		if s.prefix == "" {
			s.prefix = "/s/"
		}
		if !strings.HasSuffix(s.prefix, "/") {
			s.prefix += "/"
		}
		s.loginURL = s.LoginURL
		if s.loginURL == "" {
			s.loginURL = "/login"
		}
		s.log = s.Logger
		if s.log == nil {
			s.log = slog.Default()
		}
		budget := s.CacheBytes
		if budget == 0 {
			budget = DefaultCacheBytes
		}
		s.objects = newObjectCache(s.Objects, budget)
		mbudget := s.ManifestCacheBytes
		if mbudget <= 0 {
			mbudget = DefaultManifestCacheBytes
		}
		s.manifests = newManifestCache(s.objects, mbudget)
	})
}

// ServeHTTP serves a request whose path is under Prefix:
// Prefix + "{site}/{env}/{path…}". Mount it on the app's mux at Prefix
// without stripping the prefix (mux.Handle("/s/", srv)): redirects are
// built from the full path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.init()
	full := r.URL.Path
	site, env, base, slash := s.splitPrefix(full)
	if site == "" {
		s.plain(w, r, nil, http.StatusNotFound)
		return
	}
	live, found, err := s.Resolver.ByPrefix(r.Context(), site, env)
	if err != nil {
		s.log.ErrorContext(r.Context(), "siteserver: resolve environment", "site", site, "env", env, "err", err)
		s.plain(w, r, nil, http.StatusServiceUnavailable)
		return
	}
	if !found {
		s.plain(w, r, nil, http.StatusNotFound)
		return
	}
	if !slash {
		// The site's relative links only resolve against the slash form.
		s.redirect(w, r, &live, base+"/", http.StatusPermanentRedirect)
		return
	}
	s.serve(w, r, &live, base, full[len(base):])
}

// splitPrefix reads Prefix + "{site}/{env}" off the start of p: base is
// that much of p ("/s/site/env", without allocating) and slash whether a
// "/" follows it. site is "" when p is not such a path.
func (s *Server) splitPrefix(p string) (site, env, base string, slash bool) {
	rest, ok := strings.CutPrefix(p, s.prefix)
	if !ok {
		return "", "", "", false
	}
	site, rest, _ = strings.Cut(rest, "/")
	env, _, slash = strings.Cut(rest, "/")
	if site == "" || env == "" {
		return "", "", "", false
	}
	return site, env, p[:len(s.prefix)+len(site)+1+len(env)], slash
}

// ServeHost serves a request whose Host is a domain attached to an
// environment, over the whole path space, and reports true. It reports
// false, writing nothing, when the host is not a site domain, so the app
// can serve its own UI; the app should not call it for its own host. When
// the resolver fails the host may well be a site's, so ServeHost answers
// 503 itself and reports true.
func (s *Server) ServeHost(w http.ResponseWriter, r *http.Request) bool {
	s.init()
	host := normalHost(r.Host)
	if host == "" {
		return false
	}
	live, found, err := s.Resolver.ByHost(r.Context(), host)
	if err != nil {
		s.log.ErrorContext(r.Context(), "siteserver: resolve host", "host", host, "err", err)
		s.plain(w, r, nil, http.StatusServiceUnavailable)
		return true
	}
	if !found {
		return false
	}
	s.serve(w, r, &live, "", r.URL.Path)
	return true
}

// serve answers for one resolved environment. base is the decoded path the
// environment is mounted at ("" for a host) and p the path within it.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, live *Live, base, p string) {
	if !s.admit(w, r, live, base == "") {
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	// Form submissions (POST to the build's /_forms/… paths) will be
	// handled here: after the access check above, so that a protected
	// environment's forms are protected too, and before the manifest
	// lookup, which only knows GET-able files.
	default:
		w.Header()["Allow"] = hvAllow
		s.plain(w, r, live, http.StatusMethodNotAllowed)
		return
	}
	if p == "" {
		p = "/"
	}
	if cp, ok := cleanPath(p); !ok {
		s.redirect(w, r, live, base+cp, http.StatusPermanentRedirect)
		return
	}
	m, err := s.manifests.get(r.Context(), live.ManifestHash)
	if err != nil {
		s.loadFailed(w, r, live, "manifest", live.ManifestHash, err)
		return
	}
	f, status := m.lookup(p)
	switch status {
	case http.StatusOK, http.StatusNotFound:
		if f == nil {
			s.plain(w, r, live, http.StatusNotFound)
			return
		}
		s.serveFile(w, r, live, f, status)
	case http.StatusPermanentRedirect:
		s.redirect(w, r, live, base+p+"/", status)
	}
}
