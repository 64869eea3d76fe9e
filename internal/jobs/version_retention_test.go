package jobs_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/user"
	"github.com/pagewright/pagewright/internal/version"
	"github.com/pagewright/pagewright/internal/version/versiontest"
)

// TestVersionRetentionJob runs the daily version.retention job through
// River on both databases: a page with three weeks of autosaves, on a site
// whose policy thins after 7 days, keeps one autosave per old day and
// every recent one, and the job audits what it removed as the system.
func TestVersionRetentionJob(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		now := time.Now().UTC().Truncate(time.Microsecond)
		users, sites, pages := sqlstore.Users{DB: db}, sqlstore.Sites{DB: db}, sqlstore.Pages{DB: db}
		org := user.Org{ID: newID(), Name: "Riverside Clinics", CreatedAt: now}
		admin := user.User{ID: newID(), OrgID: org.ID, Email: "maya@riverside.example", Name: "Maya", Role: access.RoleAdmin,
			Status: user.StatusActive, PasswordHash: "x", CreatedAt: now}
		sess := user.Session{IDHash: newID(), UserID: admin.ID, CSRFToken: "c", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		must(t, users.Setup(ctx, org, admin, sess, entry("org.setup", org.ID)))
		s := site.Site{ID: newID(), Name: "Clinic", Slug: "clinic", CreatedAt: now, UpdatedAt: now}
		must(t, sites.CreateSite(ctx, s, entry("site.create", s.ID)))
		d := versiontest.Document(80, 9)
		p := page.Page{ID: newID(), SiteID: s.ID, Title: "Flu clinic", Slug: "flu", Status: page.StatusDraft, Revision: 1, CreatedAt: now, UpdatedAt: now}
		must(t, pages.CreatePage(ctx, p, versiontest.JSON(d), entry("page.create", p.ID)))

		clock := now.Add(-21 * 24 * time.Hour).Truncate(24 * time.Hour).Add(9 * time.Hour)
		svc := &version.Service{Store: sqlstore.Versions{DB: db}, Pages: retentionPages{pages, sites}, Auth: allowAll{},
			Now: func() time.Time { return clock }}
		actx := access.WithActor(ctx, &access.Actor{UserID: admin.ID, Name: admin.Name, Role: access.RoleAdmin})
		must2(svc.PutPolicy(actx, s.ID, 7))(t)
		rng := rand.New(rand.NewPCG(9, 10))
		info := version.PageInfo{ID: p.ID, SiteID: s.ID, Title: p.Title}
		var saved []time.Time
		for range 21 { // three autosaves a day for three weeks
			for range 3 {
				d = versiontest.Edit(d, rng)
				svc.DocumentSaved(actx, info, versiontest.JSON(d))
				saved = append(saved, clock)
				clock = clock.Add(10 * time.Minute)
			}
			clock = clock.Add(24*time.Hour - 30*time.Minute)
		}
		count := func() int {
			vs, err := svc.List(actx, p.ID, version.Filter{Limit: 200})
			must(t, err)
			return len(vs)
		}
		if n := count(); n != 63 {
			t.Fatalf("%d versions before the job, want 63", n)
		}
		clock = now

		client := storetest.ConnectJobs(t, db, jobs.Deps{Sessions: user.NewService(users, db, nil), Versions: thinner{svc}},
			jobs.Options{PollInterval: 50 * time.Millisecond})
		res, err := client.Insert(ctx, jobs.VersionRetention{}, nil)
		must(t, err)
		must(t, client.Start(ctx))
		eventually(t, func() bool {
			row, err := client.JobGet(ctx, res.Job.ID)
			must(t, err)
			if row.FinalizedAt != nil && row.State != rivertype.JobStateCompleted {
				t.Fatalf("version.retention ended %s: %+v", row.State, row.Errors)
			}
			return row.FinalizedAt != nil
		}, func() string { return "version.retention not done" })
		// Older than 7 days: the last autosave of each day; newer: all.
		cutoff, days, want := now.Add(-7*24*time.Hour), map[string]bool{}, 0
		for _, at := range saved {
			if at.Before(cutoff) {
				days[at.Format(time.DateOnly)] = true
			} else {
				want++
			}
		}
		want += len(days)
		if n := count(); n != want || want >= 63 {
			t.Fatalf("%d versions after the job, want %d", n, want)
		}
		es, err := db.QueryAudit(ctx, audit.Filter{Action: "version.thin", ResourceID: p.ID, Limit: 10})
		must(t, err)
		if len(es) == 0 || es[0].ActorID != "" {
			t.Fatalf("version.thin audit entries %+v, want one by the system", es)
		}
	})
}

type thinner struct{ *version.Service }

func (t thinner) ApplyRetention(ctx context.Context) (any, error) {
	return t.Service.ApplyRetention(ctx)
}

type retentionPages struct {
	pages sqlstore.Pages
	sites sqlstore.Sites
}

func (p retentionPages) PageInfo(ctx context.Context, id string) (version.PageInfo, error) {
	pg, err := p.pages.GetPage(ctx, id)
	return version.PageInfo{ID: pg.ID, SiteID: pg.SiteID, Title: pg.Title}, err
}

func (p retentionPages) Document(ctx context.Context, id string) ([]byte, int64, error) {
	d, err := p.pages.GetDocument(ctx, id)
	return d.JSON, d.Revision, err
}

func (p retentionPages) PutDocument(ctx context.Context, id string, b []byte, want int64) (int64, error) {
	clean, err := doc.Validate(b)
	if err != nil {
		return 0, err
	}
	return p.pages.PutDocument(ctx, id, clean, want, "", time.Now(), entry("page.document.update", id))
}

func (p retentionPages) SiteName(ctx context.Context, id string) (string, error) {
	return p.sites.SiteName(ctx, id)
}

type allowAll struct{}

func (allowAll) Authorize(context.Context, access.Action, access.Resource, string) error { return nil }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func must2[T any](_ T, err error) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		must(t, err)
	}
}
