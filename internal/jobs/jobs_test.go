package jobs_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river/rivertype"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/user"
)

// River really runs the jobs, on both databases.

func TestSQLite(t *testing.T) {
	t.Parallel()
	runJobs(t, func(t *testing.T) *sqlstore.DB { return storetest.Open(t, "", t.TempDir()) })
}

func TestPostgres(t *testing.T) {
	apptest.PostgresURL(t)
	t.Parallel()
	runJobs(t, func(t *testing.T) *sqlstore.DB { return storetest.Open(t, apptest.FreshPostgres(t), "") })
}

func runJobs(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	tests := []struct {
		name string
		run  func(t *testing.T, db *sqlstore.DB)
	}{
		{"SessionCleanupDeletesOnlyExpired", testSessionCleanup},
		{"DeleteSiteQueuesPurgeOfItsBlobs", testSitePurge},
		{"RolledBackDeleteQueuesNothing", testRolledBackDelete},
		{"FailingJobIsRetried", testRetry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, open(t))
		})
	}
}

// env is a database with an organisation, a blob directory and a River
// client wired the way the app wires them.
type env struct {
	db     *sqlstore.DB
	users  sqlstore.Users
	sites  sqlstore.Sites
	blobs  blob.Store
	client *jobs.Client
	admin  user.User
	now    time.Time
}

// newEnv seeds db and connects a River client polling every 50ms; purge
// wraps the blob store's prefix deletion (nil: as the app does it). The
// client is started unless start is false.
func newEnv(t *testing.T, db *sqlstore.DB, purge func(jobs.BlobPurger) jobs.BlobPurger, start bool) *env {
	t.Helper()
	ctx := t.Context()
	e := &env{db: db, users: sqlstore.Users{DB: db}, sites: sqlstore.Sites{DB: db},
		now: time.Now().UTC().Truncate(time.Microsecond)}
	var err error
	if e.blobs, err = blob.Open(ctx, "", t.TempDir()); err != nil {
		t.Fatal(err)
	}
	org := user.Org{ID: newID(), Name: "Riverside Clinics", CreatedAt: e.now}
	e.admin = user.User{ID: newID(), OrgID: org.ID, Email: "maya@riverside.example", Name: "Maya", Role: access.RoleAdmin,
		Status: user.StatusActive, PasswordHash: "x", CreatedAt: e.now}
	if err := e.users.Setup(ctx, org, e.admin, e.session(time.Hour), entry("org.setup", org.ID)); err != nil {
		t.Fatal(err)
	}
	var purger jobs.BlobPurger = prefixPurger{e.blobs}
	if purge != nil {
		purger = purge(purger)
	}
	e.client = storetest.ConnectJobs(t, db, jobs.Deps{Sessions: user.NewService(e.users, db, nil), Blobs: purger},
		jobs.Options{PollInterval: 50 * time.Millisecond})
	if start {
		if err := e.client.Start(ctx); err != nil {
			t.Fatalf("start jobs: %v", err)
		}
	}
	return e
}

func (e *env) session(ttl time.Duration) user.Session {
	return user.Session{IDHash: newID(), UserID: e.admin.ID, CSRFToken: "csrf", CreatedAt: e.now, LastSeenAt: e.now,
		ExpiresAt: e.now.Add(ttl)}
}

func (e *env) addSite(t *testing.T, slug string) site.Site {
	t.Helper()
	s := site.Site{ID: newID(), Name: slug, Slug: slug, CreatedBy: e.admin.ID, CreatedAt: e.now, UpdatedAt: e.now}
	if err := e.sites.CreateSite(t.Context(), s, entry("site.create", s.ID)); err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) putBlobs(t *testing.T, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, err := e.blobs.Put(t.Context(), k, strings.NewReader("content of "+k), -1, "text/plain"); err != nil {
			t.Fatalf("put %s: %v", k, err)
		}
	}
}

func (e *env) blobKeys(t *testing.T, prefix string) []string {
	t.Helper()
	items, err := e.blobs.List(t.Context(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

// purgeJob returns the site.purge job queued for siteID.
func (e *env) purgeJob(t *testing.T, siteID string) *rivertype.JobRow {
	t.Helper()
	var id int64
	q := "SELECT id FROM river_job WHERE kind = 'site.purge' AND args->>'siteId' = $1"
	if e.db.Dialect == sqlstore.SQLite {
		q = "SELECT id FROM river_job WHERE kind = 'site.purge' AND json_extract(args, '$.siteId') = $1"
	}
	if err := e.db.R.QueryRowContext(t.Context(), q, siteID).Scan(&id); err != nil {
		t.Fatalf("find site.purge job for %s: %v", siteID, err)
	}
	row, err := e.client.JobGet(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// waitJob polls until the job reaches a final state or the deadline passes.
func (e *env) waitJob(t *testing.T, id int64) *rivertype.JobRow {
	t.Helper()
	var row *rivertype.JobRow
	eventually(t, func() bool {
		var err error
		if row, err = e.client.JobGet(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		return row.FinalizedAt != nil
	}, func() string { return "job " + row.Kind + " still " + string(row.State) })
	return row
}

// eventually polls cond every 20ms for up to 5 seconds.
func eventually(t *testing.T, cond func() bool, what func() string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5s: %s", what())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func testSessionCleanup(t *testing.T, db *sqlstore.DB) {
	e := newEnv(t, db, nil, false)
	ctx := t.Context()
	expired := []user.Session{e.session(-time.Hour), e.session(-time.Second)}
	live := []user.Session{e.session(time.Minute), e.session(24 * time.Hour)}
	for _, s := range append(append([]user.Session{}, expired...), live...) {
		if err := e.users.CreateSession(ctx, s, entry("auth.login", e.admin.ID)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := e.client.Insert(ctx, jobs.SessionCleanup{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	row := e.waitJob(t, res.Job.ID)
	if row.State != rivertype.JobStateCompleted {
		t.Fatalf("session.cleanup ended %s: %+v", row.State, row.Errors)
	}
	for _, s := range expired {
		if _, err := e.users.SessionByHash(ctx, s.IDHash); !errors.Is(err, errs.ErrNoRows) {
			t.Fatalf("expired session (expiry %v) still there: %v", s.ExpiresAt, err)
		}
	}
	for _, s := range live {
		if _, err := e.users.SessionByHash(ctx, s.IDHash); err != nil {
			t.Fatalf("live session (expiry %v) gone: %v", s.ExpiresAt, err)
		}
	}
}

func testSitePurge(t *testing.T, db *sqlstore.DB) {
	e := newEnv(t, db, nil, true)
	ctx := t.Context()
	doomed, kept := e.addSite(t, "doomed"), e.addSite(t, "kept")
	e.putBlobs(t,
		"sites/"+doomed.ID+"/assets/logo.png",
		"sites/"+doomed.ID+"/builds/1/index.html",
		"sites/"+doomed.ID+"-copy/assets/logo.png", // a different prefix
		"sites/"+kept.ID+"/assets/logo.png",
		"other/readme.txt",
	)
	if err := e.sites.DeleteSite(ctx, doomed.ID, entry("site.delete", doomed.ID)); err != nil {
		t.Fatal(err)
	}
	row := e.waitJob(t, e.purgeJob(t, doomed.ID).ID)
	if row.State != rivertype.JobStateCompleted {
		t.Fatalf("site.purge ended %s: %+v", row.State, row.Errors)
	}
	if keys := e.blobKeys(t, "sites/"+doomed.ID+"/"); len(keys) != 0 {
		t.Fatalf("deleted site's blobs remain: %v", keys)
	}
	want := []string{"other/readme.txt", "sites/" + doomed.ID + "-copy/assets/logo.png", "sites/" + kept.ID + "/assets/logo.png"}
	if keys := e.blobKeys(t, ""); !slices.Equal(keys, want) {
		t.Fatalf("blobs after purge %v, want %v", keys, want)
	}
}

func testRolledBackDelete(t *testing.T, db *sqlstore.DB) {
	e := newEnv(t, db, nil, false)
	ctx := t.Context()
	s := e.addSite(t, "clinic")
	before := storetest.CountJobs(t, db, "site.purge")

	// The site is missing: nothing is deleted, nothing queued.
	if err := e.sites.DeleteSite(ctx, newID(), entry("site.delete", "missing")); !errors.Is(err, errs.ErrNoRows) {
		t.Fatalf("delete missing site: %v", err)
	}
	// The job is inserted, then the audit append fails: the insert must
	// roll back with the delete.
	storetest.FailAuditAppends(t, db)
	if err := e.sites.DeleteSite(ctx, s.ID, entry("site.delete", s.ID)); err == nil {
		t.Fatal("delete succeeded without its audit entry")
	}
	if n := storetest.CountJobs(t, db, "site.purge"); n != before {
		t.Fatalf("rolled-back deletes left %d site.purge jobs", n-before)
	}
	if _, err := e.sites.GetSite(ctx, s.ID); err != nil {
		t.Fatalf("site gone after a rolled-back delete: %v", err)
	}
}

func testRetry(t *testing.T, db *sqlstore.DB) {
	var calls atomic.Int32
	e := newEnv(t, db, func(p jobs.BlobPurger) jobs.BlobPurger {
		return purgeFunc(func(ctx context.Context, prefix string) (int, error) {
			if calls.Add(1) == 1 {
				return 0, errors.New("blob store unavailable")
			}
			return p.DeletePrefix(ctx, prefix)
		})
	}, true)
	s := e.addSite(t, "clinic")
	e.putBlobs(t, "sites/"+s.ID+"/assets/logo.png")
	if err := e.sites.DeleteSite(t.Context(), s.ID, entry("site.delete", s.ID)); err != nil {
		t.Fatal(err)
	}
	row := e.waitJob(t, e.purgeJob(t, s.ID).ID)
	if row.State != rivertype.JobStateCompleted || row.Attempt != 2 || calls.Load() != 2 {
		t.Fatalf("site.purge %s after %d attempts (%d calls), want completed on the second", row.State, row.Attempt, calls.Load())
	}
	if len(row.Errors) != 1 || !strings.Contains(row.Errors[0].Error, "blob store unavailable") {
		t.Fatalf("recorded errors %+v, want the first attempt's", row.Errors)
	}
	if keys := e.blobKeys(t, "sites/"); len(keys) != 0 {
		t.Fatalf("blobs remain after the retry: %v", keys)
	}
}

// prefixPurger deletes every blob under a prefix (as the app's does).
type prefixPurger struct{ s blob.Store }

func (p prefixPurger) DeletePrefix(ctx context.Context, prefix string) (int, error) {
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

type purgeFunc func(ctx context.Context, prefix string) (int, error)

func (f purgeFunc) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	return f(ctx, prefix)
}

func entry(action, resID string) audit.Entry {
	return audit.Entry{ActorID: "tester", Action: action, ResourceID: resID, Status: audit.StatusSuccess,
		Severity: audit.SeverityLow, Category: audit.CategoryData}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }
