package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pagewright/pagewright/internal/httpapi"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/siteserver"
	"github.com/pagewright/pagewright/internal/user"
)

// Signing in on a site's own domain. The app's session cookie belongs to
// the app's host, so a protected environment at staging.clinic.org never
// sees it. The site server sends such visitors to signInPath on the app
// (--base-url) with the page they wanted; there a signed-in member who may
// see the environment gets a sealed, one-time hand-off valid for a minute,
// carried to siteserver.AuthPath on the site's domain, which sets the same
// session there and goes on to the page. Signing out of the app ends the
// session everywhere, since it is one session.
const (
	signInPath = "/_pw/sign-in"
	handoffTTL = time.Minute
	handoffAAD = "site-sign-in"
)

type handoff struct {
	Session string `json:"s"`
	Host    string `json:"h"`
	Expires int64  `json:"e"` // unix seconds
	Nonce   string `json:"n"`
}

type siteAuth struct {
	box   *secret.Box
	users *user.Service
	live  *liveTable
	srv   *siteserver.Server
	log   *slog.Logger
	now   func() time.Time

	mu   sync.Mutex
	used map[string]time.Time // nonces spent, until they expire
}

// signIn runs on the app's host: it checks the member and the environment
// and sends the browser on to the site's domain with a hand-off.
func (s *siteAuth) signIn(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.srv.Message(w, r, http.StatusMethodNotAllowed, "Method not allowed", "This address can only be opened.", "", "")
		return
	}
	next, err := url.Parse(r.URL.Query().Get("next"))
	if err != nil || (next.Scheme != "http" && next.Scheme != "https") || next.Host == "" || next.User != nil {
		s.srv.Message(w, r, http.StatusBadRequest, "Bad sign-in link", "This link does not say which site to open.", "/", "Go to Pagewright")
		return
	}
	host := hostOf(next.Host)
	live, found, _ := s.live.ByHost(r.Context(), host)
	if !found {
		s.srv.Message(w, r, http.StatusNotFound, "Unknown site", "No environment of this Pagewright is served at "+host+".", "/", "Go to Pagewright")
		return
	}
	c, err := r.Cookie(httpapi.SessionCookie)
	if err != nil || c.Value == "" {
		s.toLogin(w, r)
		return
	}
	actor, _, err := s.users.AuthenticateSession(r.Context(), c.Value)
	if err != nil || !actor.Authenticated() {
		s.toLogin(w, r)
		return
	}
	switch live.Access.Mode {
	case siteserver.AccessPublic, siteserver.AccessLogin:
	case siteserver.AccessRoles:
		if !slices.Contains(live.Access.Roles, string(actor.Role)) {
			s.srv.Message(w, r, http.StatusForbidden, "No access", "You don't have access to this environment.", "/", "Go to Pagewright")
			return
		}
	default:
		s.srv.Message(w, r, http.StatusForbidden, "No access", "You don't have access to this environment.", "/", "Go to Pagewright")
		return
	}
	var nonce [16]byte
	_, _ = rand.Read(nonce[:])
	plain, _ := json.Marshal(handoff{Session: c.Value, Host: host, Expires: s.now().Add(handoffTTL).Unix(), Nonce: hex.EncodeToString(nonce[:])})
	token, err := s.box.Seal(plain, handoffAAD)
	if err != nil {
		s.log.ErrorContext(r.Context(), "site sign-in: seal", "err", err)
		s.srv.Message(w, r, http.StatusInternalServerError, "Something went wrong", "The sign-in could not be completed. Please try again.", "", "")
		return
	}
	back := next.EscapedPath()
	if back == "" {
		back = "/"
	}
	if next.RawQuery != "" {
		back += "?" + next.RawQuery
	}
	target := next.Scheme + "://" + next.Host + siteserver.AuthPath + "?t=" + url.QueryEscape(token) + "&next=" + url.QueryEscape(back)
	noStore(w)
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *siteAuth) toLogin(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	http.Redirect(w, r, "/login?redirect="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// auth runs on the site's domain: it spends a hand-off and sets the
// session cookie there.
func (s *siteAuth) auth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	next := q.Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	plain, err := s.box.Open(q.Get("t"), handoffAAD)
	var h handoff
	if err == nil {
		err = json.Unmarshal(plain, &h)
	}
	now := s.now()
	if err != nil || h.Host != hostOf(r.Host) || now.Unix() > h.Expires || h.Nonce == "" || !s.spend(h.Nonce, now) {
		noStore(w)
		s.srv.Message(w, r, http.StatusBadRequest, "Sign-in link expired",
			"This sign-in link has expired or has been used already. Open the page again to sign in.", next, "Open the page again")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: httpapi.SessionCookie, Value: h.Session, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	noStore(w)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// spend marks a nonce used, reporting false if it was already. Spent
// nonces are forgotten once their hand-off has expired anyway. (With
// several instances a hand-off could be spent once on each within its
// minute; it still only ever signs in the member it was made for.)
func (s *siteAuth) spend(nonce string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used == nil {
		s.used = map[string]time.Time{}
	}
	for n, until := range s.used {
		if now.After(until) {
			delete(s.used, n)
		}
	}
	if _, ok := s.used[nonce]; ok {
		return false
	}
	s.used[nonce] = now.Add(handoffTTL + time.Second)
	return true
}

// noStore keeps a response out of every cache, and its URL (which may
// carry a hand-off) out of the next page's Referer.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}
