// Package app wires configuration, stores, services, jobs and HTTP into a
// running Pagewright. It is the only package that imports everything.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/forwarded"
	"github.com/pagewright/pagewright/internal/guard"
	"github.com/pagewright/pagewright/internal/httpapi"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/mail"
	"github.com/pagewright/pagewright/internal/netguard"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/ratelimit"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/siteserver"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/symbol"
	"github.com/pagewright/pagewright/internal/template"
	"github.com/pagewright/pagewright/internal/user"
	"github.com/pagewright/pagewright/internal/version"
	"github.com/pagewright/pagewright/web"
)

// App is a wired Pagewright instance.
type App struct {
	Config config.Config
	Log    *slog.Logger
	DB     *sqlstore.DB
	Blobs  blob.Store
	Redis  *redis.Client // nil unless configured
	Jobs   *jobs.Client
	Users  *user.Service
	Sites  *site.Service
	Pages  *page.Service
	Audit  *audit.Service
	Mail   *mail.Service
	// DesignSystems keeps each site's design tokens.
	DesignSystems *designsystem.Service
	// Assets is each site's image library.
	Assets *asset.Service
	// Versions is the pages' version history.
	Versions *version.Service
	// Environments and Deployments publish sites; Sites serves them.
	Environments *environment.Service
	Deployments  *deploy.Service
	SiteServer   *siteserver.Server
	live         *liveTable
	// Forms keeps the published forms' definitions and submissions.
	Forms     *form.Service
	formPosts *formPosts
	// Templates is the template marketplace.
	Templates *template.Service
	// Components is the reusable component library.
	Components *symbol.Service

	// Handler serves the API, health, metrics and the web app.
	Handler http.Handler
	// SecretKey encrypts secrets at rest.
	SecretKey []byte

	jobsRunning atomic.Bool
	proxies     *forwarded.Proxies
	siteAuth    *siteAuth
	objectGC    *objectGC
	appAddr     atomic.Value // string: the app listener's address, once serving
}

// Options tune an App for tests.
type Options struct {
	JobPollInterval time.Duration
}

// New opens the database (migrating it), blob store and Redis, and builds
// the services. Call Start to run jobs and Close when done.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opt Options) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log}
	ok := false
	defer func() {
		if !ok {
			a.Close()
		}
	}()
	key, generated, err := loadSecretKey(cfg)
	if err != nil {
		return nil, err
	}
	if generated {
		log.Warn("generated a new secret key; back it up with the data folder, or set PAGEWRIGHT_SECRET_KEY", "path", secretKeyPath(cfg))
	}
	a.SecretKey = key
	if a.DB, err = sqlstore.Open(ctx, cfg.DatabaseURL, cfg.DataDir); err != nil {
		return nil, err
	}
	postgres := a.DB.Dialect == sqlstore.Postgres
	if err := a.DB.Migrate(ctx, func(ctx context.Context) error { return jobs.Migrate(ctx, a.DB.W, postgres) }); err != nil {
		return nil, err
	}
	if a.Blobs, err = blob.Open(ctx, cfg.BlobURL, cfg.DataDir); err != nil {
		return nil, err
	}
	var limiter user.Limiter = ratelimit.NewMemory(cfg.LoginLimit, cfg.LoginWindow)
	if cfg.RedisURL != "" {
		ropt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("redis-url: %w", err)
		}
		a.Redis = redis.NewClient(ropt)
		if err := a.Redis.Ping(ctx).Err(); err != nil {
			return nil, fmt.Errorf("connect to redis: %w", err)
		}
		limiter = &ratelimit.Redis{Client: a.Redis, Limit: cfg.LoginLimit, Window: cfg.LoginWindow, Prefix: "pagewright:ratelimit:"}
	}

	users := sqlstore.Users{DB: a.DB}
	g := guard.Guard{Audit: a.DB}
	a.Users = user.NewService(users, a.DB, limiter)
	a.Users.IdleTTL = cfg.SessionIdle
	a.Users.Auth = g
	a.Users.BaseURL = cfg.BaseURL
	box, err := secret.New(a.SecretKey)
	if err != nil {
		return nil, err
	}
	a.Mail = &mail.Service{Store: sqlstore.Settings{DB: a.DB}, Box: box, Sender: mail.SMTP{HELO: heloName(cfg.BaseURL)}, Auth: g, Now: time.Now}
	a.Users.Mail = mailer{a.Mail}
	a.Sites = &site.Service{Store: sqlstore.Sites{DB: a.DB}, Auth: g, Now: time.Now}
	a.Audit = &audit.Service{Store: a.DB, Auth: g}
	a.DesignSystems = &designsystem.Service{Store: sqlstore.DesignSystems{DB: a.DB}, Auth: g, Now: time.Now}
	docs := documents{tokens: siteTokens(a.DesignSystems)}
	a.Pages = &page.Service{Store: sqlstore.Pages{DB: a.DB}, Sites: sqlstore.Sites{DB: a.DB}, Auth: g,
		Validate: docs.validate, Patch: docs.patch, NewDoc: doc.New, Now: time.Now}
	a.Assets = &asset.Service{Store: sqlstore.Assets{DB: a.DB}, Sites: sqlstore.Sites{DB: a.DB}, Blobs: assetBlobs{a.Blobs},
		Auth: g, Now: time.Now, MaxBytes: cfg.MaxUploadBytes}
	a.Versions = &version.Service{Store: sqlstore.Versions{DB: a.DB}, Auth: g, Validate: docs.validate, Now: time.Now,
		Logger: log.With("component", "versions"),
		Pages:  versionPages{store: sqlstore.Pages{DB: a.DB}, sites: sqlstore.Sites{DB: a.DB}, svc: a.Pages}}
	a.Pages.Saved = func(ctx context.Context, p page.Page, doc []byte) {
		a.Versions.DocumentSaved(ctx, version.PageInfo{ID: p.ID, SiteID: p.SiteID, Title: p.Title}, doc)
	}

	// Reusable components: their documents pass the page checks, and a bulk
	// update's pages feed version history like page saves. Page saves,
	// autosaves and version restores also check their Instance nodes
	// against the library (refs exist and are visible, overrides fit).
	a.Components = &symbol.Service{Store: sqlstore.Symbols{DB: a.DB}, Sites: sqlstore.Sites{DB: a.DB}, Auth: g, Now: time.Now,
		Validate: func(ctx context.Context, siteID string, b []byte) ([]byte, error) {
			return docs.validate(ctx, siteID, b, func() ([]byte, error) { return nil, nil })
		},
		Saved: func(ctx context.Context, pageID string, b []byte) {
			if p, err := (sqlstore.Pages{DB: a.DB}).GetPage(ctx, pageID); err == nil {
				a.Versions.DocumentSaved(ctx, version.PageInfo{ID: p.ID, SiteID: p.SiteID, Title: p.Title}, b)
			}
		}}
	pageValidate, pagePatch := a.Pages.Validate, a.Pages.Patch
	a.Pages.Validate = func(ctx context.Context, siteID string, b []byte, old func() ([]byte, error)) ([]byte, error) {
		out, err := pageValidate(ctx, siteID, b, old)
		if err != nil {
			return nil, err
		}
		return a.Components.Instances(ctx, out, old)
	}
	a.Pages.Patch = func(ctx context.Context, siteID string, cur, ops []byte) ([]byte, error) {
		out, err := pagePatch(ctx, siteID, cur, ops)
		if err != nil {
			return nil, err
		}
		return a.Components.Instances(ctx, out, func() ([]byte, error) { return cur, nil })
	}
	a.Versions.Validate = func(ctx context.Context, siteID string, b []byte, old func() ([]byte, error)) ([]byte, error) {
		return a.Pages.Validate(ctx, siteID, b, old)
	}

	a.Environments = &environment.Service{Store: sqlstore.Environments{DB: a.DB}, Sites: sqlstore.Sites{DB: a.DB}, Auth: g, Box: box,
		PublicURL: cfg.BaseURL, Now: time.Now, AllowPrivateURLs: cfg.OutboundAllowPrivate}
	hooks := &webhooks{envs: a.Environments, jobs: func() *jobs.Client { return a.Jobs },
		client: netguard.Client(netguard.Options{AllowPrivate: cfg.OutboundAllowPrivate}), log: log.With("component", "webhooks")}
	a.live = &liveTable{envs: sqlstore.Environments{DB: a.DB}}
	// What the site server routes changes with every activation and every
	// change of an environment's access or domain: reload it at once.
	reloadLive := func() {
		if err := a.live.reload(context.Background()); err != nil {
			log.Error("reload the live sites", "err", err)
		}
	}
	a.Environments.Changed = reloadLive
	a.Deployments = &deploy.Service{Store: sqlstore.Deployments{DB: a.DB}, Envs: deployEnvs{a.Environments}, Auth: g, Now: time.Now,
		Activated: func(string) { reloadLive() }, Events: hooks.enqueue}
	build := &builder{envs: a.Environments, pages: sqlstore.Pages{DB: a.DB}, designs: a.DesignSystems, assets: a.Assets,
		versions: a.Versions, blobs: a.Blobs, symbols: a.symbolsFor}
	a.Deployments.Release = build.release
	if a.proxies, err = forwarded.Parse(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	a.SiteServer = &siteserver.Server{Resolver: a.live, Proxies: a.proxies, Objects: siteObjects(a.Blobs, ""), Viewer: sessionViewer{a.Users},
		LoginURL: "/login", Logger: log.With("component", "sites")}
	if cfg.BaseURL != "" {
		a.SiteServer.HostLoginURL = strings.TrimSuffix(cfg.BaseURL, "/") + signInPath
	}
	a.objectGC = &objectGC{deps: sqlstore.Deployments{DB: a.DB}, blobs: a.Blobs, log: log.With("component", "objects"), now: time.Now}
	a.siteAuth = &siteAuth{box: box, users: a.Users, live: a.live, srv: a.SiteServer, log: log.With("component", "site-sign-in"), now: time.Now}
	a.setupForms(box)
	a.setupTemplates(g, docs)
	if err := a.seedTemplates(ctx); err != nil {
		return nil, fmt.Errorf("seed templates: %w", err)
	}

	a.Jobs, err = jobs.New(a.DB.W, jobs.Deps{Sessions: a.Users, Blobs: purger{a.Blobs}, Assets: a.Assets, Versions: versionJobs{a.Versions},
		Deployer: deployer{svc: a.Deployments, b: build}, Webhooks: hooks,
		Objects:    objectGCJob{a.objectGC},
		Thumbnails: thumbnails{store: sqlstore.Templates{DB: a.DB}, blobs: a.Blobs, enabled: cfg.TemplateThumbnails, symbols: a.symbolsFor}},
		jobs.Options{Postgres: postgres, Logger: log.With("component", "jobs"), PollInterval: opt.JobPollInterval})
	if err != nil {
		return nil, err
	}
	a.DB.SetEnqueuer(a.Jobs)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(httpapi.Collectors...)
	reg.MustRegister(formCollectors...)
	api := httpapi.New(httpapi.Deps{
		Users: a.Users, Sites: a.Sites, Pages: a.Pages, Audit: a.Audit, Mail: a.Mail,
		Ready: a.Ready, Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), UI: web.Handler(), Logger: log,
		SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"),
		DesignSystems: a.DesignSystems,
		Assets:        a.Assets,
		Versions:      a.Versions,
		Environments:  a.Environments,
		Deployments:   a.Deployments,
		Forms:         a.Forms,
		Templates:     a.Templates,
		Symbols:       a.symbolsFor,
		Components:    a.Components,
		Blobs:         a.Blobs,
	})
	a.Handler = a.proxies.Handler(a.sites(api))
	ok = true
	return a, nil
}

// sites puts the site server in front of the app: a request for a domain
// attached to an environment, or under /s/, never reaches the app's
// middleware (published pages must be as fast as static files).
func (a *App) sites(app http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Signing in on a site's domain: the start on the app's host, the
		// end on the site's.
		switch r.URL.Path {
		case signInPath:
			if !a.isSiteHost(r) {
				a.siteAuth.signIn(w, r)
				return
			}
		case siteserver.AuthPath:
			if a.isSiteHost(r) {
				a.siteAuth.auth(w, r)
				return
			}
		}
		// Form posts and thank-you pages: /s/{site}/{env}/_forms/… and
		// /_forms/… on a site's domain.
		if strings.Contains(r.URL.Path, "/_forms/") && a.formPosts.serve(w, r) {
			return
		}
		if strings.HasPrefix(r.URL.Path, "/s/") {
			a.SiteServer.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/robots.txt" && len(a.live.snapshot().byHost) == 0 || r.URL.Path == "/robots.txt" && !a.isSiteHost(r) {
			serveRootRobots(w)
			return
		}
		if len(a.live.snapshot().byHost) > 0 && a.SiteServer.ServeHost(w, r) {
			return
		}
		app.ServeHTTP(w, r)
	})
}

// Start runs the job workers, after marking deployments a stopped process
// left unfinished as failed, and loads the live sites.
func (a *App) Start(ctx context.Context) error {
	// On SQLite this is the only instance: whatever was running died with
	// the previous process. On PostgreSQL others may be deploying: only
	// deployments whose runner went silent are failed (and again every
	// minute, in refreshLive).
	if n, err := a.Deployments.FailInterrupted(ctx, a.DB.Dialect == sqlstore.SQLite); err != nil {
		return fmt.Errorf("deployments: %w", err)
	} else if n > 0 {
		a.Log.Warn("marked deployments interrupted by a restart as failed", "count", n)
	}
	if err := a.live.reload(ctx); err != nil {
		return fmt.Errorf("live sites: %w", err)
	}
	go a.refreshLive(ctx)
	if err := a.Jobs.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	a.jobsRunning.Store(true)
	a.queueThumbnails(ctx)
	return nil
}

// refreshLive reloads the live sites every few seconds, for deployments
// another instance activated.
func (a *App) refreshLive(ctx context.Context) {
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	for i := 1; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.live.reload(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("reload the live sites", "err", err)
			}
			if i%20 == 0 { // every minute: deployments whose runner died elsewhere
				if n, err := a.Deployments.FailInterrupted(ctx, false); err == nil && n > 0 {
					a.Log.Warn("marked deployments whose runner stopped as failed", "count", n)
				}
			}
		}
	}
}

// Ready reports whether the database, blob store and job workers are up.
func (a *App) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if !a.jobsRunning.Load() {
		return errors.New("jobs: not running")
	}
	if err := a.Blobs.Ping(ctx); err != nil {
		return fmt.Errorf("blob store: %w", err)
	}
	if a.Redis != nil {
		if err := a.Redis.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("redis: %w", err)
		}
	}
	return nil
}

// Serve listens on the configured addresses until ctx is cancelled, then
// drains requests and running jobs within the shutdown timeout.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	var sites net.Listener
	if a.Config.SitesAddr != "off" {
		if sites, err = net.Listen("tcp", a.Config.SitesAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for the sites (--sites-addr; off turns it off): %w", a.Config.SitesAddr, err)
		}
	}
	return a.ServeListener(ctx, ln, sites)
}

// ServeListener is Serve on existing listeners: ln for the app (and the
// sites under /s/), sites (nil for none) for the published sites alone.
func (a *App) ServeListener(ctx context.Context, ln, sites net.Listener) error {
	if err := a.Start(ctx); err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 2)
	a.appAddr.Store(ln.Addr().String())
	go func() { errc <- srv.Serve(ln) }()
	var fast *sitesListener
	attrs := []any{"url", displayURL(ln.Addr().String())}
	if sites != nil {
		fast = a.newSitesListener()
		go func() { errc <- fast.serve(sites) }()
		attrs = append(attrs, "sites", displayURL(sites.Addr().String()))
	}
	a.Log.Info("Pagewright is ready", append(attrs, "database", string(a.DB.Dialect), "data_dir", a.Config.DataDir)...)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: draining requests and jobs", "timeout", a.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	a.jobsRunning.Store(false)
	err := errors.Join(srv.Shutdown(sctx), fast.shutdown(sctx), a.Jobs.Stop(sctx))
	if err == nil {
		a.Log.Info("stopped cleanly")
	}
	return err
}

// Close releases the database and Redis connections.
func (a *App) Close() {
	if a.Redis != nil {
		_ = a.Redis.Close()
	}
	if a.DB != nil {
		_ = a.DB.Close()
	}
}

func displayURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// mailer adapts the mail service to what the user service needs.
type mailer struct{ m *mail.Service }

func (m mailer) Configured(ctx context.Context) bool { return m.m.Configured(ctx) }

func (m mailer) SendMail(ctx context.Context, to, subject, text string) error {
	return m.m.Send(ctx, mail.Message{To: to, Subject: subject, Text: text})
}

// heloName is the host name to greet mail servers with: the public host
// when known.
func heloName(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && strings.Contains(u.Hostname(), ".") {
		return u.Hostname()
	}
	return ""
}

// assetBlobs is the blob store as the asset service sees it.
type assetBlobs struct{ s blob.Store }

func (b assetBlobs) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := b.s.Put(ctx, key, r, size, contentType)
	return err
}

func (b assetBlobs) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, _, err := b.s.Get(ctx, key)
	return rc, err
}

func (b assetBlobs) Delete(ctx context.Context, key string) error { return b.s.Delete(ctx, key) }

// purger deletes every blob under a prefix, for the site purge job.
type purger struct{ s blob.Store }

func (p purger) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	items, err := p.s.List(ctx, prefix)
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		if err := p.s.Delete(ctx, it.Key); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

// NewLogger returns a text logger on a terminal and JSON otherwise.
func NewLogger(format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "auto" {
		format = "json"
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// versionPages is the page side of version history: reads straight from
// the store (the version service checks access itself) and writes through
// the page service (validation, access, audit, If-Match).
type versionPages struct {
	store sqlstore.Pages
	sites sqlstore.Sites
	svc   *page.Service
}

func (p versionPages) PageInfo(ctx context.Context, id string) (version.PageInfo, error) {
	pg, err := p.store.GetPage(ctx, id)
	return version.PageInfo{ID: pg.ID, SiteID: pg.SiteID, Title: pg.Title}, err
}

func (p versionPages) Document(ctx context.Context, id string) ([]byte, int64, error) {
	d, err := p.store.GetDocument(ctx, id)
	return d.JSON, d.Revision, err
}

func (p versionPages) SiteName(ctx context.Context, id string) (string, error) {
	return p.sites.SiteName(ctx, id)
}

// versionJobs runs version retention and pending autosaves for the jobs.
type versionJobs struct{ *version.Service }

func (j versionJobs) ApplyRetention(ctx context.Context) (any, error) {
	return j.Service.ApplyRetention(ctx)
}

// isSiteHost tells whether a request is for a domain attached to an
// environment (that site answers its own robots.txt).
func (a *App) isSiteHost(r *http.Request) bool {
	host := strings.ToLower(r.Host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	_, ok := a.live.snapshot().byHost[strings.TrimSuffix(host, ".")]
	return ok
}

// serveRootRobots is this instance's robots.txt: published sites under
// /s/ may be crawled (environments other than production say noindex on
// every response), the admin and the API may not.
func serveRootRobots(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte("# Pagewright: published sites are under /s/; the rest is the admin.\nUser-agent: *\nAllow: /s/\nDisallow: /\n"))
}
