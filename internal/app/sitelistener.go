package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/valyala/fasthttp"

	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/siteserver"
)

// sitesListener serves the published sites alone, on their own address
// (--sites-addr): attached domains, and every environment under /s/. It
// answers the common requests with the site server's fasthttp fast path
// and everything else with the same net/http handlers as the app's
// listener, so both listeners behave alike; nothing of the admin or the
// API is reachable here.
type sitesListener struct {
	srv *fasthttp.Server
}

func (a *App) newSitesListener() *sitesListener {
	srv := siteserver.NewFastServer(a.SiteServer.FastHandler(a.proxies.Handler(a.sitesOnly())), form.MaxBodyBytes+4<<10)
	srv.Logger = slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)
	return &sitesListener{srv: srv}
}

func (l *sitesListener) serve(ln net.Listener) error { return l.srv.Serve(ln) }

// shutdown stops the listener and waits for requests in flight; nil-safe.
func (l *sitesListener) shutdown(ctx context.Context) error {
	if l == nil {
		return nil
	}
	return l.srv.ShutdownWithContext(ctx)
}

// sitesOnly routes a request on the sites listener: an attached domain
// owns its whole path space (forms included); any other host reaches the
// environments under /s/, and a robots.txt that lets crawlers into them.
func (a *App) sitesOnly() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site := a.isSiteHost(r)
		if strings.Contains(r.URL.Path, "/_forms/") && a.formPosts.serve(w, r) {
			return
		}
		if site && r.URL.Path == siteserver.AuthPath {
			a.siteAuth.auth(w, r)
			return
		}
		if site && a.SiteServer.ServeHost(w, r) {
			return
		}
		switch r.URL.Path {
		case "/robots.txt":
			serveRootRobots(w)
			return
		case "/login":
			// Protected environments send visitors to /login; signing in
			// is the app's business, on its own listener.
			http.Redirect(w, r, a.appURL(r)+r.URL.RequestURI(), http.StatusSeeOther)
			return
		}
		a.SiteServer.ServeHTTP(w, r) // /s/…, and a 404 for anything else
	})
}

// appURL is where the app's own listener is reached, as seen by the
// client of r: the configured base URL, or the host r came to on the
// app's port.
func (a *App) appURL(r *http.Request) string {
	if a.Config.BaseURL != "" {
		return strings.TrimSuffix(a.Config.BaseURL, "/")
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	addr, _ := a.appAddr.Load().(string)
	_, port, _ := net.SplitHostPort(addr)
	return "http://" + net.JoinHostPort(strings.Trim(host, "[]"), port)
}
