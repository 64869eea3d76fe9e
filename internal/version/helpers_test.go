package version_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/user"
	"github.com/pagewright/pagewright/internal/version"
	"github.com/pagewright/pagewright/internal/version/versiontest"
)

// env is a version service on a real database with one page, acting as
// an Admin, with a clock the test moves.
type env struct {
	t     testing.TB
	db    *sqlstore.DB
	svc   *version.Service
	pages sqlstore.Pages
	ctx   context.Context
	page  page.Page
	admin string
	mu    sync.Mutex
	now   time.Time
}

func newEnv(t testing.TB, db *sqlstore.DB, first *doc.Document) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, pages: sqlstore.Pages{DB: db}, now: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)}
	users := sqlstore.Users{DB: db}
	org := user.Org{ID: newID(), Name: "Riverside Clinics", CreatedAt: e.now}
	admin := user.User{ID: newID(), OrgID: org.ID, Email: "maya@riverside.example", Name: "Maya Admin", Role: access.RoleAdmin,
		Status: user.StatusActive, PasswordHash: "x", CreatedAt: e.now}
	sess := user.Session{IDHash: newID(), UserID: admin.ID, CSRFToken: "c", CreatedAt: e.now, LastSeenAt: e.now, ExpiresAt: e.now.Add(time.Hour)}
	must(t, users.Setup(ctx, org, admin, sess, audit.Entry{Action: "org.setup", Status: audit.StatusSuccess}))
	s := site.Site{ID: newID(), Name: "Clinic", Slug: "clinic-" + newID()[:8], CreatedAt: e.now, UpdatedAt: e.now}
	must(t, sqlstore.Sites{DB: db}.CreateSite(ctx, s, audit.Entry{Action: "site.create", Status: audit.StatusSuccess}))
	e.page = page.Page{ID: newID(), SiteID: s.ID, Title: "Flu clinic", Slug: "flu", Status: page.StatusDraft, Revision: 1, CreatedAt: e.now, UpdatedAt: e.now}
	must(t, e.pages.CreatePage(ctx, e.page, versiontest.JSON(first), audit.Entry{Action: "page.create", Status: audit.StatusSuccess}))
	e.admin = admin.ID
	e.ctx = access.WithActor(ctx, &access.Actor{UserID: admin.ID, Name: admin.Name, Role: access.RoleAdmin})
	e.svc = &version.Service{Store: sqlstore.Versions{DB: db}, Pages: testPages{e}, Auth: allowAll{},
		Validate: func(_ context.Context, _ string, b []byte, _ func() ([]byte, error)) ([]byte, error) {
			return doc.Validate(b)
		},
		Now: e.clock}
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// save stores d as the page document, as a save through the page service
// would, and calls the autosave hook.
func (e *env) save(d *doc.Document) {
	e.t.Helper()
	b := versiontest.JSON(d)
	cur, err := e.pages.GetDocument(e.ctx, e.page.ID)
	must(e.t, err)
	_, err = e.pages.PutDocument(e.ctx, e.page.ID, b, cur.Revision, e.admin, e.clock(), audit.Entry{Action: "page.document.update", Status: audit.StatusSuccess})
	must(e.t, err)
	e.svc.DocumentSaved(e.ctx, version.PageInfo{ID: e.page.ID, SiteID: e.page.SiteID, Title: e.page.Title}, b)
}

func (e *env) revision() int64 {
	e.t.Helper()
	cur, err := e.pages.GetDocument(e.ctx, e.page.ID)
	must(e.t, err)
	return cur.Revision
}

// testPages is the page side for the service, straight on the store.
type testPages struct{ e *env }

func (p testPages) PageInfo(ctx context.Context, id string) (version.PageInfo, error) {
	pg, err := p.e.pages.GetPage(ctx, id)
	return version.PageInfo{ID: pg.ID, SiteID: pg.SiteID, Title: pg.Title}, err
}

func (p testPages) Document(ctx context.Context, id string) ([]byte, int64, error) {
	d, err := p.e.pages.GetDocument(ctx, id)
	return d.JSON, d.Revision, err
}

func (p testPages) SiteName(ctx context.Context, id string) (string, error) {
	return sqlstore.Sites{DB: p.e.db}.SiteName(ctx, id)
}

type allowAll struct{}

func (allowAll) Authorize(context.Context, access.Action, access.Resource, string) error { return nil }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// cold returns a service on the same store and pages that caches
// nothing, so every read replays from the store.
func (e *env) cold() *version.Service {
	return &version.Service{Store: e.svc.Store, Pages: e.svc.Pages, Auth: e.svc.Auth, Validate: e.svc.Validate, Now: e.svc.Now,
		KeyframeEvery: e.svc.KeyframeEvery, CacheBytes: -1}
}
