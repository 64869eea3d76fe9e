package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/user"
)

type ridKey struct{}

func requestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(ridKey{}).(string)
	return s
}

var validRID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pagewright_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"method", "route", "status"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "pagewright_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"method", "route"})
)

// Collectors are the HTTP metrics, registered by the app.
var Collectors = []prometheus.Collector{httpRequests, httpDuration}

// observe adds a request id, recovers panics, logs, and records metrics.
func observe(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get("X-Request-Id")
		if !validRID.MatchString(rid) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			rid = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", rid)
		ctx := context.WithValue(r.Context(), ridKey{}, rid)
		ctx = audit.WithMeta(ctx, audit.Meta{IP: clientIP(r), UserAgent: r.UserAgent(), RequestID: rid})
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(ctx, "panic", "panic", p, "request_id", rid, "path", r.URL.Path)
				if sw.status == 0 {
					writeProblem(sw, r, 500, "internal", "Something went wrong on our side.")
				}
			}
			route := r.Pattern
			if route == "" {
				route = "other"
			}
			d := time.Since(start)
			httpRequests.WithLabelValues(r.Method, route, itoa(sw.status)).Inc()
			httpDuration.WithLabelValues(r.Method, route).Observe(d.Seconds())
			if strings.HasPrefix(r.URL.Path, "/api/") || sw.status >= 500 {
				log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.Int("status", sw.status), slog.Duration("duration", d), slog.String("request_id", rid))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// clientIP is the peer address: the client's, also behind a reverse proxy
// named in --trusted-proxies (forwarded.Proxies.Handler rewrites
// RemoteAddr before the request gets here).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

const sessionCookie = SessionCookie

// SessionCookie is the name of the sign-in session cookie (the site
// server reads it for environments that need a signed-in member).
const SessionCookie = "pw_session"

type csrfKey struct{}

// authenticate puts the actor (if any) in the context and enforces CSRF on
// cookie-authenticated writes. A bad bearer token is refused outright; a
// stale cookie just means anonymous, so the route decides.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		ctx := user.WithLinkBase(r.Context(), linkBase(r))
		r = r.WithContext(ctx)
		if h := r.Header.Get("Authorization"); h != "" {
			secret, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeProblem(w, r, 401, "auth.unauthenticated", "Use an Authorization: Bearer <API token> header.")
				return
			}
			actor, err := s.users.AuthenticateToken(ctx, strings.TrimSpace(secret))
			if err != nil {
				writeProblem(w, r, 401, "auth.invalid_token", "The API token is not valid, has expired or was revoked.")
				return
			}
			next.ServeHTTP(w, r.WithContext(access.WithActor(ctx, actor)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			actor, sess, err := s.authSession(ctx, c.Value)
			if err == nil {
				if unsafeMethod(r.Method) {
					got := r.Header.Get("X-CSRF-Token")
					if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRFToken)) != 1 {
						writeProblem(w, r, 403, "auth.csrf_failed", "The request is missing its CSRF token. Reload the page and try again.")
						return
					}
				}
				ctx = context.WithValue(access.WithActor(ctx, actor), csrfKey{}, sess.CSRFToken)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// linkBase is the scheme and host the request came in on.
func linkBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// csp allows only the app's own scripts; Radix sets inline style
// attributes, hence 'unsafe-inline' for styles only.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"

// securityHeaders apply to the app and API.
func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Content-Security-Policy", csp)
		if tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
