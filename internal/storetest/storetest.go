// Package storetest is the conformance suite for the SQL stores: one set of
// table-driven tests per Store, run against every database the stores
// support (SQLite always, PostgreSQL when configured), in the style of
// River's driver tests. Each test gets its own freshly migrated database.
//
//	storetest.Run(t, func(t *testing.T) *sqlstore.DB {
//		return storetest.NewDB(t, "", t.TempDir())
//	})
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/user"
)

// NewDBFunc returns a fresh, migrated database with a job queue connected
// (see NewDB); the suite calls it once per test.
type NewDBFunc = func(t *testing.T) *sqlstore.DB

// Open opens the database named by url (SQLite under dataDir when url is
// empty), applies Pagewright's and River's migrations, and closes it when
// the test ends. No job queue is connected.
func Open(t testing.TB, url, dataDir string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, url, dataDir)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	postgres := db.Dialect == sqlstore.Postgres
	if err := db.Migrate(ctx, func(ctx context.Context) error { return jobs.Migrate(ctx, db.W, postgres) }); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// ConnectJobs creates a River client for db with deps and connects it as
// db's enqueuer, so store calls that queue jobs (DeleteSite) work. The
// client is not started; the caller may Start it (it is stopped when the
// test ends). opt.Postgres is set from db's dialect and a nil logger
// discards.
func ConnectJobs(t testing.TB, db *sqlstore.DB, deps jobs.Deps, opt jobs.Options) *jobs.Client {
	t.Helper()
	opt.Postgres = db.Dialect == sqlstore.Postgres
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	c, err := jobs.New(db.W, deps, opt)
	if err != nil {
		t.Fatalf("create job client: %v", err)
	}
	db.SetEnqueuer(c)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Stop(ctx) // an error only means it was never started
	})
	return c
}

// NewDB is Open followed by ConnectJobs with an idle job client: what the
// suite needs from a NewDBFunc.
func NewDB(t testing.TB, url, dataDir string) *sqlstore.DB {
	t.Helper()
	db := Open(t, url, dataDir)
	ConnectJobs(t, db, jobs.Deps{}, jobs.Options{})
	return db
}

// FailAuditAppends makes every audit append on db fail until the returned
// function is called (or the test ends), to show that a change whose audit
// entry cannot be written is rolled back with it.
func FailAuditAppends(t testing.TB, db *sqlstore.DB) (restore func()) {
	t.Helper()
	var create, drop []string
	switch db.Dialect {
	case sqlstore.SQLite:
		create = []string{`CREATE TRIGGER audit_log_test_fail BEFORE INSERT ON audit_log
			BEGIN SELECT RAISE(ABORT, 'audit log unavailable (test)'); END`}
		drop = []string{"DROP TRIGGER IF EXISTS audit_log_test_fail"}
	case sqlstore.Postgres:
		create = []string{
			`CREATE FUNCTION audit_log_test_fail() RETURNS trigger AS $$
			BEGIN RAISE EXCEPTION 'audit log unavailable (test)'; END; $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER audit_log_test_fail BEFORE INSERT ON audit_log
			FOR EACH ROW EXECUTE FUNCTION audit_log_test_fail()`,
		}
		drop = []string{"DROP TRIGGER IF EXISTS audit_log_test_fail ON audit_log", "DROP FUNCTION IF EXISTS audit_log_test_fail()"}
	}
	for _, q := range create {
		mustExec(t, db, q)
	}
	var once sync.Once
	restore = func() {
		once.Do(func() {
			for _, q := range drop {
				if _, err := db.W.ExecContext(context.Background(), q); err != nil {
					t.Errorf("restore audit appends: %v", err)
				}
			}
		})
	}
	t.Cleanup(restore)
	return restore
}

// DisableAuditGuards removes the database's append-only protection of the
// audit log, as an attacker with direct database access could: on SQLite
// it drops the triggers, on PostgreSQL it disables the table's user
// triggers.
func DisableAuditGuards(t testing.TB, db *sqlstore.DB) {
	t.Helper()
	switch db.Dialect {
	case sqlstore.SQLite:
		mustExec(t, db, "DROP TRIGGER audit_log_no_update")
		mustExec(t, db, "DROP TRIGGER audit_log_no_delete")
	case sqlstore.Postgres:
		mustExec(t, db, "ALTER TABLE audit_log DISABLE TRIGGER USER")
	}
}

// CountJobs counts River jobs of a kind, in any state.
func CountJobs(t testing.TB, db *sqlstore.DB, kind string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind = $1", kind).Scan(&n); err != nil {
		t.Fatalf("count %s jobs: %v", kind, err)
	}
	return n
}

// Run runs every store's suite as subtests.
func Run(t *testing.T, newDB NewDBFunc) {
	t.Run("Users", func(t *testing.T) { RunUsers(t, newDB) })
	t.Run("Sites", func(t *testing.T) { RunSites(t, newDB) })
	t.Run("Pages", func(t *testing.T) { RunPages(t, newDB) })
	t.Run("Audit", func(t *testing.T) { RunAudit(t, newDB) })
	t.Run("Members", func(t *testing.T) { RunMembers(t, newDB) })
	t.Run("Assets", func(t *testing.T) { RunAssets(t, newDB) })
	t.Run("Versions", func(t *testing.T) { RunVersions(t, newDB) })
	t.Run("Publish", func(t *testing.T) { RunPublish(t, newDB) })
	t.Run("Forms", func(t *testing.T) { RunForms(t, newDB) })
	t.Run("Templates", func(t *testing.T) { RunTemplates(t, newDB) })
}

// testCase is one named test; fresh ones start with an empty database,
// the others with an organisation, its admin and the admin's session.
type testCase struct {
	name  string
	fresh bool
	run   func(t *testing.T, f *fixture)
}

func runCases(t *testing.T, newDB NewDBFunc, cases []testCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, newDB(t))
			if !tc.fresh {
				f.seed(t)
			}
			tc.run(t, f)
		})
	}
}

// fixture is one test's database, stores and seed data.
type fixture struct {
	ctx   context.Context
	db    *sqlstore.DB
	users sqlstore.Users
	sites sqlstore.Sites
	pages sqlstore.Pages
	now   time.Time

	org   user.Org
	admin user.User
	sess  user.Session
}

func newFixture(t *testing.T, db *sqlstore.DB) *fixture {
	return &fixture{
		ctx: t.Context(), db: db,
		users: sqlstore.Users{DB: db}, sites: sqlstore.Sites{DB: db}, pages: sqlstore.Pages{DB: db},
		now: time.Now().UTC().Truncate(time.Microsecond),
	}
}

func (f *fixture) seed(t *testing.T) {
	t.Helper()
	f.org = user.Org{ID: newID(), Name: "Riverside Clinics", CreatedAt: f.now}
	f.admin = f.newUser("maya@riverside.example", "Maya Admin", access.RoleAdmin)
	f.sess = f.newSession(f.admin.ID, f.now.Add(12*time.Hour))
	f.mutates(t, entry("org.setup", "org", f.org.ID), func(e audit.Entry) error {
		return f.users.Setup(f.ctx, f.org, f.admin, f.sess, e)
	})
}

func (f *fixture) newUser(email, name string, role access.Role) user.User {
	return user.User{ID: newID(), OrgID: f.org.ID, Email: email, Name: name, Role: role,
		Status: user.StatusActive, PasswordHash: "$argon2id$v=19$test", CreatedAt: f.now}
}

func (f *fixture) addUser(t *testing.T, email, name string, role access.Role) user.User {
	t.Helper()
	u := f.newUser(email, name, role)
	f.mutates(t, entry("user.create", "user", u.ID), func(e audit.Entry) error { return f.users.CreateUser(f.ctx, u, e) })
	return u
}

func (f *fixture) newSession(userID string, expires time.Time) user.Session {
	return user.Session{IDHash: randHex(), UserID: userID, CSRFToken: randHex(), IP: "192.0.2.10",
		UserAgent: "storetest/1.0", CreatedAt: f.now, LastSeenAt: f.now, ExpiresAt: expires}
}

func (f *fixture) newSite(slug string) site.Site {
	return site.Site{ID: newID(), Name: "Site " + slug, Slug: slug, Description: "About " + slug,
		CreatedBy: f.admin.ID, CreatedAt: f.now, UpdatedAt: f.now}
}

func (f *fixture) addSite(t *testing.T, slug string) site.Site {
	t.Helper()
	s := f.newSite(slug)
	f.mutates(t, entry("site.create", "site", s.ID), func(e audit.Entry) error { return f.sites.CreateSite(f.ctx, s, e) })
	return s
}

func (f *fixture) newPage(siteID, slug string) page.Page {
	return page.Page{ID: newID(), SiteID: siteID, Title: "Page " + slug, Slug: slug, Status: page.StatusDraft,
		Revision: 1, CreatedAt: f.now, UpdatedAt: f.now, UpdatedBy: &page.Ref{ID: f.admin.ID, Name: f.admin.Name}}
}

func (f *fixture) addPage(t *testing.T, siteID, slug string) page.Page {
	t.Helper()
	p := f.newPage(siteID, slug)
	f.mutates(t, entry("page.create", "page", p.ID), func(e audit.Entry) error {
		return f.pages.CreatePage(f.ctx, p, docJSON(p.Title), e)
	})
	return p
}

// auditState returns the number of audit entries and the highest seq.
func (f *fixture) auditState(t *testing.T) (count, maxSeq int64) {
	t.Helper()
	if err := f.db.R.QueryRowContext(f.ctx, "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_log").Scan(&count, &maxSeq); err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return count, maxSeq
}

// mutates runs a store call that must succeed and append exactly e to the
// audit log, as the next entry of the chain.
func (f *fixture) mutates(t *testing.T, e audit.Entry, call func(audit.Entry) error) audit.Entry {
	t.Helper()
	n0, seq0 := f.auditState(t)
	if err := call(e); err != nil {
		t.Fatalf("%s: %v", e.Action, err)
	}
	n1, seq1 := f.auditState(t)
	if n1 != n0+1 || seq1 != seq0+1 {
		t.Fatalf("%s: audit log went from %d entries (seq %d) to %d (seq %d), want exactly one more", e.Action, n0, seq0, n1, seq1)
	}
	got := f.newest(t)
	if got.Seq != seq1 || got.Action != e.Action || got.ResourceType != e.ResourceType || got.ResourceID != e.ResourceID || got.ActorID != e.ActorID {
		t.Fatalf("%s: newest audit entry is %+v, want the one passed to the store", e.Action, got)
	}
	return got
}

// fails runs a store call that must fail with want (errors.Is) and append
// nothing to the audit log.
func (f *fixture) fails(t *testing.T, want error, e audit.Entry, call func(audit.Entry) error) {
	t.Helper()
	n0, seq0 := f.auditState(t)
	err := call(e)
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", e.Action, err, want)
	}
	if n1, seq1 := f.auditState(t); n1 != n0 || seq1 != seq0 {
		t.Fatalf("%s failed but the audit log went from %d entries to %d", e.Action, n0, n1)
	}
}

func (f *fixture) newest(t *testing.T) audit.Entry {
	t.Helper()
	es, err := f.db.QueryAudit(f.ctx, audit.Filter{Limit: 1})
	if err != nil || len(es) != 1 {
		t.Fatalf("newest audit entry: %v (%d entries)", err, len(es))
	}
	return es[0]
}

func entry(action, resType, resID string) audit.Entry {
	return audit.Entry{ActorID: "actor-1", ActorName: "Store Test", Action: action, ResourceType: resType,
		ResourceID: resID, ResourceName: resID, IP: "192.0.2.1", UserAgent: "storetest", RequestID: "req-" + action,
		Status: audit.StatusSuccess, Severity: audit.SeverityLow, Category: audit.CategoryData,
		Changes: &audit.Changes{After: map[string]any{"action": action}}}
}

func mustExec(t testing.TB, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func randHex() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func docJSON(title string) []byte {
	return []byte(`{"schemaVersion":1,"root":"root","meta":{"title":` + quote(title) + `},"nodes":{"root":{"id":"root","type":"Page","props":{}}}}`)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", what, err, want)
	}
}

func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

// Times come back from the databases in different locations (and SQLite
// keeps the stored offset); compare instants in UTC.
func utc(t time.Time) time.Time { return t.UTC() }

func utcp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

func utcUser(u user.User) user.User {
	u.CreatedAt, u.LastLoginAt = utc(u.CreatedAt), utcp(u.LastLoginAt)
	return u
}

func utcSession(s user.Session) user.Session {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = utc(s.CreatedAt), utc(s.LastSeenAt), utc(s.ExpiresAt)
	return s
}

func utcToken(k user.Token) user.Token {
	k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt = utc(k.CreatedAt), utcp(k.LastUsedAt), utcp(k.ExpiresAt), utcp(k.RevokedAt)
	return k
}

func utcSite(s site.Site) site.Site {
	s.CreatedAt, s.UpdatedAt = utc(s.CreatedAt), utc(s.UpdatedAt)
	return s
}

func utcPage(p page.Page) page.Page {
	p.CreatedAt, p.UpdatedAt = utc(p.CreatedAt), utc(p.UpdatedAt)
	return p
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func siteID(s site.Site) string   { return s.ID }
func pageID(p page.Page) string   { return p.ID }
func tokenID(k user.Token) string { return k.ID }

// ---------------------------------------------------------------------------
// Users: organisation, members, sessions, tokens, grants.

// RunUsers tests sqlstore.Users (user.Store).
func RunUsers(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "SetupCreatesOrgAdminAndSession", fresh: true, run: func(t *testing.T, f *fixture) {
			n, err := f.users.CountUsers(f.ctx)
			noErr(t, "count users", err)
			if n != 0 {
				t.Fatalf("fresh database has %d users", n)
			}
			f.seed(t)
			org, err := f.users.Org(f.ctx)
			noErr(t, "org", err)
			org.CreatedAt = utc(org.CreatedAt)
			same(t, "org", org, f.org)
			u, err := f.users.UserByID(f.ctx, f.admin.ID)
			noErr(t, "user by id", err)
			// Setup signs the first admin in, so it is their last sign-in.
			if u.LastLoginAt == nil || !u.LastLoginAt.Equal(f.sess.CreatedAt) {
				t.Fatalf("last sign-in = %v, want the setup session's start %v", u.LastLoginAt, f.sess.CreatedAt)
			}
			u.LastLoginAt = nil
			same(t, "admin", utcUser(u), f.admin)
			s, err := f.users.SessionByHash(f.ctx, f.sess.IDHash)
			noErr(t, "session", err)
			same(t, "session", utcSession(s), f.sess)
			if n, _ := f.users.CountUsers(f.ctx); n != 1 {
				t.Fatalf("%d users after setup, want 1", n)
			}
		}},
		{name: "SetupTwiceIsDuplicateAndWritesNothing", run: func(t *testing.T, f *fixture) {
			org := user.Org{ID: newID(), Name: "Second Org", CreatedAt: f.now}
			u := f.newUser("other@riverside.example", "Other", access.RoleAdmin)
			u.OrgID = org.ID
			s := f.newSession(u.ID, f.now.Add(time.Hour))
			f.fails(t, errs.ErrDuplicate, entry("org.setup", "org", org.ID), func(e audit.Entry) error {
				return f.users.Setup(f.ctx, org, u, s, e)
			})
			if n, _ := f.users.CountUsers(f.ctx); n != 1 {
				t.Fatalf("%d users after a failed second setup, want 1", n)
			}
			_, err := f.users.UserByEmail(f.ctx, u.Email)
			wantErr(t, "second admin", err, errs.ErrNoRows)
			_, err = f.users.SessionByHash(f.ctx, s.IDHash)
			wantErr(t, "second session", err, errs.ErrNoRows)
			got, err := f.users.Org(f.ctx)
			noErr(t, "org", err)
			if got.ID != f.org.ID {
				t.Fatalf("org is %s, want the first one %s", got.ID, f.org.ID)
			}
		}},
		{name: "SetupFailingLateWritesNothing", fresh: true, run: func(t *testing.T, f *fixture) {
			// The organisation and user inserts succeed; the session
			// names a user that does not exist, so the whole setup must
			// roll back.
			org := user.Org{ID: newID(), Name: "Riverside", CreatedAt: f.now}
			u := f.newUser("maya@riverside.example", "Maya", access.RoleAdmin)
			u.OrgID = org.ID
			s := f.newSession(newID(), f.now.Add(time.Hour))
			n0, _ := f.auditState(t)
			if err := f.users.Setup(f.ctx, org, u, s, entry("org.setup", "org", org.ID)); err == nil {
				t.Fatal("setup with a session of a missing user succeeded")
			}
			if n1, _ := f.auditState(t); n1 != n0 {
				t.Fatalf("failed setup appended %d audit entries", n1-n0)
			}
			_, err := f.users.Org(f.ctx)
			wantErr(t, "org after failed setup", err, errs.ErrNoRows)
			if n, _ := f.users.CountUsers(f.ctx); n != 0 {
				t.Fatalf("%d users after a failed setup, want 0", n)
			}
			// And a correct setup still works afterwards.
			f.seed(t)
		}},
		{name: "MissingRows", fresh: true, run: func(t *testing.T, f *fixture) {
			_, err := f.users.Org(f.ctx)
			wantErr(t, "org", err, errs.ErrNoRows)
			_, err = f.users.UserByID(f.ctx, newID())
			wantErr(t, "user by id", err, errs.ErrNoRows)
			_, err = f.users.UserByEmail(f.ctx, "nobody@example.com")
			wantErr(t, "user by email", err, errs.ErrNoRows)
			_, err = f.users.SessionByHash(f.ctx, randHex())
			wantErr(t, "session", err, errs.ErrNoRows)
			_, err = f.users.TokenByHash(f.ctx, randHex())
			wantErr(t, "token", err, errs.ErrNoRows)
			toks, err := f.users.Tokens(f.ctx, newID())
			noErr(t, "tokens", err)
			gs, err := f.users.Grants(f.ctx, newID())
			noErr(t, "grants", err)
			if len(toks) != 0 || len(gs) != 0 {
				t.Fatalf("tokens %v, grants %v of a missing user", toks, gs)
			}
		}},
		{name: "CreateUserFindByEmailAndID", run: func(t *testing.T, f *fixture) {
			u := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleEditor)
			byEmail, err := f.users.UserByEmail(f.ctx, u.Email)
			noErr(t, "by email", err)
			same(t, "by email", utcUser(byEmail), u)
			byID, err := f.users.UserByID(f.ctx, u.ID)
			noErr(t, "by id", err)
			same(t, "by id", utcUser(byID), u)
			if n, _ := f.users.CountUsers(f.ctx); n != 2 {
				t.Fatalf("%d users, want 2", n)
			}
		}},
		{name: "DuplicateEmail", run: func(t *testing.T, f *fixture) {
			u := f.newUser(f.admin.Email, "Impostor", access.RoleViewer)
			f.fails(t, errs.ErrDuplicate, entry("user.create", "user", u.ID), func(e audit.Entry) error {
				return f.users.CreateUser(f.ctx, u, e)
			})
			if n, _ := f.users.CountUsers(f.ctx); n != 1 {
				t.Fatalf("%d users, want 1", n)
			}
		}},
		{name: "DuplicateUserID", run: func(t *testing.T, f *fixture) {
			u := f.newUser("new@riverside.example", "New", access.RoleViewer)
			u.ID = f.admin.ID
			f.fails(t, errs.ErrDuplicate, entry("user.create", "user", u.ID), func(e audit.Entry) error {
				return f.users.CreateUser(f.ctx, u, e)
			})
		}},
		{name: "SessionCreateGetTouchDelete", run: func(t *testing.T, f *fixture) {
			s := f.newSession(f.admin.ID, f.now.Add(time.Hour))
			s.CreatedAt = f.now.Add(time.Minute)
			s.LastSeenAt = s.CreatedAt
			f.mutates(t, entry("auth.login", "user", f.admin.ID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, s, e) })
			got, err := f.users.SessionByHash(f.ctx, s.IDHash)
			noErr(t, "session by hash", err)
			same(t, "session", utcSession(got), s)
			u, err := f.users.UserByID(f.ctx, f.admin.ID)
			noErr(t, "user", err)
			if u.LastLoginAt == nil || !u.LastLoginAt.Equal(s.CreatedAt) {
				t.Fatalf("last login %v, want %v", u.LastLoginAt, s.CreatedAt)
			}

			seen, exp := f.now.Add(2*time.Minute), f.now.Add(3*time.Hour)
			noErr(t, "touch", f.users.TouchSession(f.ctx, s.IDHash, seen, exp))
			got, err = f.users.SessionByHash(f.ctx, s.IDHash)
			noErr(t, "session after touch", err)
			s.LastSeenAt, s.ExpiresAt = seen, exp
			same(t, "touched session", utcSession(got), s)

			f.mutates(t, entry("auth.logout", "user", f.admin.ID), func(e audit.Entry) error { return f.users.DeleteSession(f.ctx, s.IDHash, e) })
			_, err = f.users.SessionByHash(f.ctx, s.IDHash)
			wantErr(t, "deleted session", err, errs.ErrNoRows)
			// Other sessions are untouched.
			_, err = f.users.SessionByHash(f.ctx, f.sess.IDHash)
			noErr(t, "setup session", err)
		}},
		{name: "SessionOfMissingUser", run: func(t *testing.T, f *fixture) {
			s := f.newSession(newID(), f.now.Add(time.Hour))
			f.fails(t, errs.ErrNoRows, entry("auth.login", "user", s.UserID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, s, e) })
		}},
		{name: "DeleteExpiredSessionsDeletesOnlyExpired", run: func(t *testing.T, f *fixture) {
			now := f.now.Add(time.Hour)
			expired := map[string]time.Duration{"long ago": -time.Hour, "just now": -time.Microsecond, "at now": 0}
			live := map[string]time.Duration{"in a moment": time.Microsecond, "in an hour": time.Hour}
			hashes := map[string]string{}
			for name, d := range mergeDurations(expired, live) {
				s := f.newSession(f.admin.ID, now.Add(d))
				f.mutates(t, entry("auth.login", "user", f.admin.ID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, s, e) })
				hashes[name] = s.IDHash
			}
			n, err := f.users.DeleteExpiredSessions(f.ctx, now)
			noErr(t, "delete expired", err)
			if n != int64(len(expired)) {
				t.Fatalf("deleted %d sessions, want %d", n, len(expired))
			}
			for name := range expired {
				_, err := f.users.SessionByHash(f.ctx, hashes[name])
				wantErr(t, "expired session "+name, err, errs.ErrNoRows)
			}
			for name := range live {
				_, err := f.users.SessionByHash(f.ctx, hashes[name])
				noErr(t, "live session "+name, err)
			}
			_, err = f.users.SessionByHash(f.ctx, f.sess.IDHash)
			noErr(t, "setup session", err)
			n, err = f.users.DeleteExpiredSessions(f.ctx, now)
			noErr(t, "delete expired again", err)
			if n != 0 {
				t.Fatalf("second cleanup deleted %d sessions", n)
			}
		}},
		{name: "SessionTimesInOtherZones", run: func(t *testing.T, f *fixture) {
			// A time.Time is an instant whatever its location: expiry
			// must compare instants on every database, not the text of
			// local times. West of UTC a later instant reads earlier, and
			// east of UTC an earlier one reads later.
			east, west := time.FixedZone("UTC+5", 5*3600), time.FixedZone("UTC-7", -7*3600)
			live := f.newSession(f.admin.ID, f.now.Add(time.Hour).In(west))
			expired := f.newSession(f.admin.ID, f.now.Add(-time.Hour).In(east))
			for _, s := range []user.Session{expired, live} {
				f.mutates(t, entry("auth.login", "user", f.admin.ID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, s, e) })
			}
			for _, now := range []time.Time{f.now, f.now.In(east), f.now.In(west)} {
				_, err := f.users.DeleteExpiredSessions(f.ctx, now)
				noErr(t, "delete expired", err)
				_, err = f.users.SessionByHash(f.ctx, expired.IDHash)
				wantErr(t, "expired session (now "+now.Format(time.RFC3339)+")", err, errs.ErrNoRows)
				got, err := f.users.SessionByHash(f.ctx, live.IDHash)
				noErr(t, "live session (now "+now.Format(time.RFC3339)+")", err)
				if !got.ExpiresAt.Equal(live.ExpiresAt) {
					t.Fatalf("expiry %v, want %v", got.ExpiresAt, live.ExpiresAt)
				}
			}
			// Touching with zoned times keeps expiry comparable too.
			noErr(t, "touch", f.users.TouchSession(f.ctx, live.IDHash, f.now.In(west), f.now.Add(-time.Minute).In(east)))
			noErr(t, "touch", f.users.TouchSession(f.ctx, f.sess.IDHash, f.now.In(east), f.now.Add(time.Minute).In(west)))
			n, err := f.users.DeleteExpiredSessions(f.ctx, f.now)
			noErr(t, "delete expired", err)
			if n != 1 {
				t.Fatalf("deleted %d sessions after touch, want 1", n)
			}
			_, err = f.users.SessionByHash(f.ctx, live.IDHash)
			wantErr(t, "session touched into the past", err, errs.ErrNoRows)
			_, err = f.users.SessionByHash(f.ctx, f.sess.IDHash)
			noErr(t, "session touched into the future", err)
		}},
		{name: "TokensCreateFindListTouchRevoke", run: func(t *testing.T, f *fixture) {
			exp := f.now.Add(30 * 24 * time.Hour)
			older := user.Token{ID: newID(), UserID: f.admin.ID, Name: "CI deploy", Prefix: "pw_abc", Hash: randHex(), CreatedAt: f.now, ExpiresAt: &exp}
			newer := user.Token{ID: newID(), UserID: f.admin.ID, Name: "Laptop", Prefix: "pw_def", Hash: randHex(), CreatedAt: f.now.Add(time.Second)}
			for _, k := range []user.Token{older, newer} {
				f.mutates(t, entry("token.create", "token", k.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, k, e) })
			}
			got, err := f.users.TokenByHash(f.ctx, older.Hash)
			noErr(t, "token by hash", err)
			same(t, "token", utcToken(got), older)
			list, err := f.users.Tokens(f.ctx, f.admin.ID)
			noErr(t, "tokens", err)
			want := []string{older.ID, newer.ID}
			slices.Sort(want)
			slices.Reverse(want) // newest first: ids are time-ordered
			same(t, "tokens newest first", ids(list, tokenID), want)

			used := f.now.Add(time.Minute)
			noErr(t, "touch token", f.users.TouchToken(f.ctx, older.ID, used))
			got, err = f.users.TokenByHash(f.ctx, older.Hash)
			noErr(t, "token after touch", err)
			if got.LastUsedAt == nil || !got.LastUsedAt.Equal(used) {
				t.Fatalf("last used %v, want %v", got.LastUsedAt, used)
			}

			at := f.now.Add(2 * time.Minute)
			e := f.mutates(t, entry("token.revoke", "token", older.ID), func(e audit.Entry) error {
				return f.users.RevokeToken(f.ctx, f.admin.ID, older.ID, at, e)
			})
			if e.ResourceName != older.Name {
				t.Fatalf("revoke entry names %q, want the token's name %q", e.ResourceName, older.Name)
			}
			list, err = f.users.Tokens(f.ctx, f.admin.ID)
			noErr(t, "tokens after revoke", err)
			same(t, "tokens after revoke", ids(list, tokenID), []string{newer.ID})
			got, err = f.users.TokenByHash(f.ctx, older.Hash)
			noErr(t, "revoked token by hash", err)
			if got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
				t.Fatalf("revoked at %v, want %v", got.RevokedAt, at)
			}
			f.fails(t, errs.ErrNoRows, entry("token.revoke", "token", older.ID), func(e audit.Entry) error {
				return f.users.RevokeToken(f.ctx, f.admin.ID, older.ID, at, e)
			})
		}},
		{name: "RevokeOtherUsersTokenIsNotFound", run: func(t *testing.T, f *fixture) {
			other := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			k := user.Token{ID: newID(), UserID: other.ID, Name: "Ed's", Prefix: "pw_ed", Hash: randHex(), CreatedAt: f.now}
			f.mutates(t, entry("token.create", "token", k.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, k, e) })
			f.fails(t, errs.ErrNoRows, entry("token.revoke", "token", k.ID), func(e audit.Entry) error {
				return f.users.RevokeToken(f.ctx, f.admin.ID, k.ID, f.now, e)
			})
			f.fails(t, errs.ErrNoRows, entry("token.revoke", "token", "missing"), func(e audit.Entry) error {
				return f.users.RevokeToken(f.ctx, f.admin.ID, newID(), f.now, e)
			})
			list, err := f.users.Tokens(f.ctx, other.ID)
			noErr(t, "tokens", err)
			same(t, "other user's tokens", ids(list, tokenID), []string{k.ID})
			mine, err := f.users.Tokens(f.ctx, f.admin.ID)
			noErr(t, "tokens", err)
			if len(mine) != 0 {
				t.Fatalf("admin lists %d tokens of another user", len(mine))
			}
		}},
		{name: "DuplicateTokenHash", run: func(t *testing.T, f *fixture) {
			k := user.Token{ID: newID(), UserID: f.admin.ID, Name: "one", Prefix: "pw_1", Hash: randHex(), CreatedAt: f.now}
			f.mutates(t, entry("token.create", "token", k.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, k, e) })
			dup := k
			dup.ID, dup.Name = newID(), "two"
			f.fails(t, errs.ErrDuplicate, entry("token.create", "token", dup.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, dup, e) })
		}},
		{name: "GrantsPutAndReplace", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleViewer)
			siteGrant := access.Grant{ResourceType: access.ResSite, ResourceID: newID(), Role: access.RoleEditor}
			pageGrant := access.Grant{ResourceType: access.ResPage, ResourceID: newID(), Role: access.RoleViewer}
			for _, g := range []access.Grant{siteGrant, pageGrant} {
				f.mutates(t, entry("grant.put", string(g.ResourceType), g.ResourceID), func(e audit.Entry) error {
					return f.users.PutGrant(f.ctx, ed.ID, g, e)
				})
			}
			sortGrants := func(gs []access.Grant) []access.Grant {
				sort.Slice(gs, func(i, j int) bool { return gs[i].ResourceType < gs[j].ResourceType })
				return gs
			}
			gs, err := f.users.Grants(f.ctx, ed.ID)
			noErr(t, "grants", err)
			same(t, "grants", sortGrants(gs), []access.Grant{pageGrant, siteGrant})

			siteGrant.Role = access.RoleAdmin
			f.mutates(t, entry("grant.put", "site", siteGrant.ResourceID), func(e audit.Entry) error {
				return f.users.PutGrant(f.ctx, ed.ID, siteGrant, e)
			})
			gs, err = f.users.Grants(f.ctx, ed.ID)
			noErr(t, "grants", err)
			same(t, "grants after replace", sortGrants(gs), []access.Grant{pageGrant, siteGrant})
			gs, err = f.users.Grants(f.ctx, f.admin.ID)
			noErr(t, "admin grants", err)
			if len(gs) != 0 {
				t.Fatalf("admin has grants %v", gs)
			}
		}},
		{name: "PrincipalsCarryUserAndGrants", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "pat@riverside.example", "Pat", access.RoleViewer)
			sess := f.newSession(ed.ID, f.now.Add(time.Hour))
			f.mutates(t, entry("auth.login", "user", ed.ID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, sess, e) })
			k := user.Token{ID: newID(), UserID: ed.ID, Name: "ci", Prefix: "pw_x", Hash: randHex(), CreatedAt: f.now}
			f.mutates(t, entry("token.create", "token", k.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, k, e) })
			// No grants yet: still exactly one principal row.
			s, u, gs, err := f.users.SessionPrincipal(f.ctx, sess.IDHash)
			noErr(t, "session principal", err)
			if s.IDHash != sess.IDHash || u.ID != ed.ID || u.Role != access.RoleViewer || len(gs) != 0 {
				t.Fatalf("session principal = %+v %+v %v", s, u, gs)
			}
			grants := []access.Grant{
				{ResourceType: access.ResSite, ResourceID: newID(), Role: access.RoleEditor},
				{ResourceType: access.ResPage, ResourceID: newID(), Role: access.RoleAdmin},
			}
			for _, g := range grants {
				f.mutates(t, entry("grant.put", string(g.ResourceType), g.ResourceID), func(e audit.Entry) error { return f.users.PutGrant(f.ctx, ed.ID, g, e) })
			}
			tk, u, gs, err := f.users.TokenPrincipal(f.ctx, k.Hash)
			noErr(t, "token principal", err)
			if tk.ID != k.ID || u.ID != ed.ID || len(gs) != 2 {
				t.Fatalf("token principal = %+v %+v %v", tk, u, gs)
			}
			_, _, _, err = f.users.SessionPrincipal(f.ctx, randHex())
			wantErr(t, "missing session", err, errs.ErrNoRows)
			_, _, _, err = f.users.TokenPrincipal(f.ctx, randHex())
			wantErr(t, "missing token", err, errs.ErrNoRows)
		}},
	})
}

func mergeDurations(ms ...map[string]time.Duration) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Sites.

// RunSites tests sqlstore.Sites (site.Store).
func RunSites(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "CreateAndGetWithPageCount", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "flu-clinic")
			got, err := f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "get", err)
			same(t, "site", utcSite(got), s)
			f.addPage(t, s.ID, "home")
			f.addPage(t, s.ID, "book")
			other := f.addSite(t, "other")
			f.addPage(t, other.ID, "home")
			got, err = f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "get", err)
			if got.PageCount != 2 {
				t.Fatalf("page count %d, want 2", got.PageCount)
			}
			name, err := f.sites.SiteName(f.ctx, s.ID)
			noErr(t, "site name", err)
			if name != s.Name {
				t.Fatalf("site name %q, want %q", name, s.Name)
			}
		}},
		{name: "Missing", run: func(t *testing.T, f *fixture) {
			_, err := f.sites.GetSite(f.ctx, newID())
			wantErr(t, "get", err, errs.ErrNoRows)
			_, err = f.sites.SiteName(f.ctx, newID())
			wantErr(t, "site name", err, errs.ErrNoRows)
			list, err := f.sites.ListSites(f.ctx, "", 10)
			noErr(t, "list", err)
			if list == nil || len(list) != 0 {
				t.Fatalf("empty list is %#v, want an empty non-nil slice", list)
			}
		}},
		{name: "ListPagesThroughCursorInIDOrder", run: func(t *testing.T, f *fixture) {
			var want []string
			for _, slug := range []string{"e", "d", "c", "b", "a"} {
				s := f.addSite(t, slug)
				f.addPage(t, s.ID, "home")
				want = append(want, s.ID)
			}
			slices.Sort(want)
			var got []string
			after := ""
			for _, size := range []int{2, 2, 1, 0} {
				page, err := f.sites.ListSites(f.ctx, after, 2)
				noErr(t, "list", err)
				if len(page) != size {
					t.Fatalf("page after %q has %d sites, want %d", after, len(page), size)
				}
				for _, s := range page {
					if s.PageCount != 1 {
						t.Fatalf("site %s lists page count %d, want 1", s.Slug, s.PageCount)
					}
				}
				got = append(got, ids(page, siteID)...)
				if len(page) > 0 {
					after = page[len(page)-1].ID
				}
			}
			same(t, "all sites in id order", got, want)
		}},
		{name: "SlugUniquePerOrg", run: func(t *testing.T, f *fixture) {
			f.addSite(t, "clinic")
			dup := f.newSite("clinic")
			f.fails(t, errs.ErrDuplicate, entry("site.create", "site", dup.ID), func(e audit.Entry) error { return f.sites.CreateSite(f.ctx, dup, e) })
			_, err := f.sites.GetSite(f.ctx, dup.ID)
			wantErr(t, "duplicate site", err, errs.ErrNoRows)
			sameID := f.newSite("another")
			sameID.ID = dup.ID
			f.mutates(t, entry("site.create", "site", sameID.ID), func(e audit.Entry) error { return f.sites.CreateSite(f.ctx, sameID, e) })
			again := f.newSite("third")
			again.ID = sameID.ID
			f.fails(t, errs.ErrDuplicate, entry("site.create", "site", again.ID), func(e audit.Entry) error { return f.sites.CreateSite(f.ctx, again, e) })
		}},
		{name: "Update", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			taken := f.addSite(t, "taken")
			s.Name, s.Slug, s.Description, s.UpdatedAt = "Renamed", "renamed", "New words", f.now.Add(time.Minute)
			f.mutates(t, entry("site.update", "site", s.ID), func(e audit.Entry) error { return f.sites.UpdateSite(f.ctx, s, e) })
			got, err := f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "get", err)
			same(t, "updated site", utcSite(got), s)

			clash := s
			clash.Slug, clash.Name = taken.Slug, "Clash"
			f.fails(t, errs.ErrDuplicate, entry("site.update", "site", s.ID), func(e audit.Entry) error { return f.sites.UpdateSite(f.ctx, clash, e) })
			got, err = f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "get", err)
			same(t, "site after failed update", utcSite(got), s)

			missing := f.newSite("missing")
			f.fails(t, errs.ErrNoRows, entry("site.update", "site", missing.ID), func(e audit.Entry) error { return f.sites.UpdateSite(f.ctx, missing, e) })
		}},
		{name: "DeleteCascadesPagesAndQueuesPurge", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "doomed")
			p1, p2 := f.addPage(t, s.ID, "home"), f.addPage(t, s.ID, "about")
			keep := f.addSite(t, "keep")
			kp := f.addPage(t, keep.ID, "home")

			f.mutates(t, entry("site.delete", "site", s.ID), func(e audit.Entry) error { return f.sites.DeleteSite(f.ctx, s.ID, e) })
			_, err := f.sites.GetSite(f.ctx, s.ID)
			wantErr(t, "deleted site", err, errs.ErrNoRows)
			for _, p := range []page.Page{p1, p2} {
				_, err := f.pages.GetPage(f.ctx, p.ID)
				wantErr(t, "page of deleted site", err, errs.ErrNoRows)
				_, err = f.pages.GetDocument(f.ctx, p.ID)
				wantErr(t, "document of deleted site", err, errs.ErrNoRows)
			}
			_, err = f.pages.GetPage(f.ctx, kp.ID)
			noErr(t, "page of another site", err)

			if got := purgeJobs(t, f.db); !slices.Equal(got, []string{s.ID}) {
				t.Fatalf("site.purge jobs for %v, want one for %s", got, s.ID)
			}
			f.fails(t, errs.ErrNoRows, entry("site.delete", "site", s.ID), func(e audit.Entry) error { return f.sites.DeleteSite(f.ctx, s.ID, e) })
			if n := CountJobs(t, f.db, jobs.SitePurge{}.Kind()); n != 1 {
				t.Fatalf("%d site.purge jobs after deleting a missing site, want still 1", n)
			}
		}},
	})
}

// purgeJobs returns the site ids of the queued site.purge jobs.
func purgeJobs(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	args := "args"
	if db.Dialect == sqlstore.SQLite {
		args = "json(args)" // River keeps SQLite's binary JSONB
	}
	rows, err := db.R.QueryContext(context.Background(), "SELECT "+args+" FROM river_job WHERE kind = $1 ORDER BY id", jobs.SitePurge{}.Kind())
	if err != nil {
		t.Fatalf("list jobs: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var a jobs.SitePurge
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("job args %s: %v", raw, err)
		}
		out = append(out, a.SiteID)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ---------------------------------------------------------------------------
// Pages and documents.

// RunPages tests sqlstore.Pages (page.Store).
func RunPages(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "CreateAndGet", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			got, err := f.pages.GetPage(f.ctx, p.ID)
			noErr(t, "get", err)
			same(t, "page", utcPage(got), p)

			anon := f.newPage(s.ID, "anon")
			anon.UpdatedBy = nil
			f.mutates(t, entry("page.create", "page", anon.ID), func(e audit.Entry) error {
				return f.pages.CreatePage(f.ctx, anon, docJSON("anon"), e)
			})
			got, err = f.pages.GetPage(f.ctx, anon.ID)
			noErr(t, "get", err)
			same(t, "page without editor", utcPage(got), anon)
			_, err = f.pages.GetPage(f.ctx, newID())
			wantErr(t, "missing page", err, errs.ErrNoRows)
		}},
		{name: "CreateOnMissingSite", run: func(t *testing.T, f *fixture) {
			p := f.newPage(newID(), "home")
			f.fails(t, errs.ErrNoRows, entry("page.create", "page", p.ID), func(e audit.Entry) error {
				return f.pages.CreatePage(f.ctx, p, docJSON("x"), e)
			})
		}},
		{name: "ListPerSiteWithCursor", run: func(t *testing.T, f *fixture) {
			a, b := f.addSite(t, "a"), f.addSite(t, "b")
			var wantA, wantB []string
			for _, slug := range []string{"one", "two", "three"} {
				wantA = append(wantA, f.addPage(t, a.ID, slug).ID)
				if slug != "three" {
					wantB = append(wantB, f.addPage(t, b.ID, slug).ID)
				}
			}
			slices.Sort(wantA)
			slices.Sort(wantB)
			first, err := f.pages.ListPages(f.ctx, a.ID, "", 2)
			noErr(t, "list", err)
			rest, err := f.pages.ListPages(f.ctx, a.ID, first[len(first)-1].ID, 2)
			noErr(t, "list", err)
			same(t, "pages of a", append(ids(first, pageID), ids(rest, pageID)...), wantA)
			end, err := f.pages.ListPages(f.ctx, a.ID, rest[len(rest)-1].ID, 2)
			noErr(t, "list", err)
			if end == nil || len(end) != 0 {
				t.Fatalf("past the end: %#v, want an empty non-nil slice", end)
			}
			all, err := f.pages.ListPages(f.ctx, b.ID, "", 10)
			noErr(t, "list", err)
			same(t, "pages of b", ids(all, pageID), wantB)
			if all[0].UpdatedBy == nil || all[0].UpdatedBy.Name != f.admin.Name {
				t.Fatalf("listed page's editor is %+v, want %s", all[0].UpdatedBy, f.admin.Name)
			}
		}},
		{name: "SlugUniquePerSite", run: func(t *testing.T, f *fixture) {
			a, b := f.addSite(t, "a"), f.addSite(t, "b")
			f.addPage(t, a.ID, "home")
			dup := f.newPage(a.ID, "home")
			f.fails(t, errs.ErrDuplicate, entry("page.create", "page", dup.ID), func(e audit.Entry) error {
				return f.pages.CreatePage(f.ctx, dup, docJSON("dup"), e)
			})
			_, err := f.pages.GetPage(f.ctx, dup.ID)
			wantErr(t, "duplicate page", err, errs.ErrNoRows)
			f.addPage(t, b.ID, "home") // the same slug on another site is fine
		}},
		{name: "Update", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			taken := f.addPage(t, s.ID, "taken")
			ed := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleEditor)
			p.Title, p.Slug, p.UpdatedAt, p.UpdatedBy = "Welcome", "welcome", f.now.Add(time.Minute), &page.Ref{ID: ed.ID, Name: ed.Name}
			f.mutates(t, entry("page.update", "page", p.ID), func(e audit.Entry) error { return f.pages.UpdatePage(f.ctx, p, e) })
			got, err := f.pages.GetPage(f.ctx, p.ID)
			noErr(t, "get", err)
			same(t, "updated page", utcPage(got), p)

			clash := p
			clash.Slug = taken.Slug
			f.fails(t, errs.ErrDuplicate, entry("page.update", "page", p.ID), func(e audit.Entry) error { return f.pages.UpdatePage(f.ctx, clash, e) })
			got, err = f.pages.GetPage(f.ctx, p.ID)
			noErr(t, "get", err)
			same(t, "page after failed update", utcPage(got), p)

			missing := f.newPage(s.ID, "missing")
			f.fails(t, errs.ErrNoRows, entry("page.update", "page", missing.ID), func(e audit.Entry) error { return f.pages.UpdatePage(f.ctx, missing, e) })
		}},
		{name: "Delete", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			keep := f.addPage(t, s.ID, "keep")
			f.mutates(t, entry("page.delete", "page", p.ID), func(e audit.Entry) error { return f.pages.DeletePage(f.ctx, p.ID, e) })
			_, err := f.pages.GetPage(f.ctx, p.ID)
			wantErr(t, "deleted page", err, errs.ErrNoRows)
			_, err = f.pages.GetPage(f.ctx, keep.ID)
			noErr(t, "other page", err)
			got, err := f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "site", err)
			if got.PageCount != 1 {
				t.Fatalf("page count %d after delete, want 1", got.PageCount)
			}
			f.fails(t, errs.ErrNoRows, entry("page.delete", "page", p.ID), func(e audit.Entry) error { return f.pages.DeletePage(f.ctx, p.ID, e) })
		}},
		{name: "DocumentPutWithCurrentRevision", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			d, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "get document", err)
			if string(d.JSON) != string(docJSON(p.Title)) || d.Revision != 1 || !d.UpdatedAt.Equal(p.UpdatedAt) {
				t.Fatalf("first document %s rev %d at %v", d.JSON, d.Revision, d.UpdatedAt)
			}
			ed := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleEditor)
			body := docJSON("Second — “quoted” ünïcode")
			at := f.now.Add(time.Minute)
			var rev int64
			f.mutates(t, entry("page.document.update", "page", p.ID), func(e audit.Entry) error {
				var err error
				rev, err = f.pages.PutDocument(f.ctx, p.ID, body, 1, ed.ID, at, e)
				return err
			})
			if rev != 2 {
				t.Fatalf("new revision %d, want 2", rev)
			}
			d, err = f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "get document", err)
			if string(d.JSON) != string(body) || d.Revision != 2 || !d.UpdatedAt.Equal(at) {
				t.Fatalf("document %s rev %d at %v, want the new one at rev 2", d.JSON, d.Revision, d.UpdatedAt)
			}
			got, err := f.pages.GetPage(f.ctx, p.ID)
			noErr(t, "get page", err)
			if got.Revision != 2 || got.UpdatedBy == nil || got.UpdatedBy.ID != ed.ID || !got.UpdatedAt.Equal(at) {
				t.Fatalf("page after put: revision %d by %+v at %v", got.Revision, got.UpdatedBy, got.UpdatedAt)
			}
			f.mutates(t, entry("page.document.update", "page", p.ID), func(e audit.Entry) error {
				rev, err = f.pages.PutDocument(f.ctx, p.ID, docJSON("third"), 2, ed.ID, at, e)
				return err
			})
			if rev != 3 {
				t.Fatalf("new revision %d, want 3", rev)
			}
		}},
		{name: "DocumentPutStaleChangesNothing", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			f.mutates(t, entry("page.document.update", "page", p.ID), func(e audit.Entry) error {
				_, err := f.pages.PutDocument(f.ctx, p.ID, docJSON("mine"), 1, f.admin.ID, f.now.Add(time.Minute), e)
				return err
			})
			for _, want := range []int64{1, 3, 0} {
				f.fails(t, errs.ErrStale, entry("page.document.update", "page", p.ID), func(e audit.Entry) error {
					_, err := f.pages.PutDocument(f.ctx, p.ID, docJSON("theirs"), want, f.admin.ID, f.now.Add(time.Hour), e)
					return err
				})
			}
			d, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "get document", err)
			if string(d.JSON) != string(docJSON("mine")) || d.Revision != 2 {
				t.Fatalf("after stale writes: %s rev %d", d.JSON, d.Revision)
			}
		}},
		{name: "DocumentOfMissingPage", run: func(t *testing.T, f *fixture) {
			_, err := f.pages.GetDocument(f.ctx, newID())
			wantErr(t, "get document", err, errs.ErrNoRows)
			f.fails(t, errs.ErrNoRows, entry("page.document.update", "page", "missing"), func(e audit.Entry) error {
				_, err := f.pages.PutDocument(f.ctx, newID(), docJSON("x"), 1, f.admin.ID, f.now, e)
				return err
			})
		}},
		{name: "ConcurrentDocumentPutsOneWins", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			n0, _ := f.auditState(t)
			const writers = 8
			results := make([]error, writers)
			var wg sync.WaitGroup
			for i := range writers {
				wg.Go(func() {
					_, results[i] = f.pages.PutDocument(f.ctx, p.ID, docJSON(fmt.Sprint("writer ", i)), 1, f.admin.ID, f.now,
						entry("page.document.update", "page", p.ID))
				})
			}
			wg.Wait()
			won, stale := -1, 0
			for i, err := range results {
				switch {
				case err == nil:
					if won >= 0 {
						t.Fatalf("writers %d and %d both saved revision 1", won, i)
					}
					won = i
				case errors.Is(err, errs.ErrStale):
					stale++
				default:
					t.Fatalf("writer %d: %v", i, err)
				}
			}
			if won < 0 || stale != writers-1 {
				t.Fatalf("winner %d, %d stale; want exactly one winner", won, stale)
			}
			d, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "get document", err)
			if d.Revision != 2 || string(d.JSON) != string(docJSON(fmt.Sprint("writer ", won))) {
				t.Fatalf("document %s rev %d, want writer %d's at rev 2", d.JSON, d.Revision, won)
			}
			if n1, _ := f.auditState(t); n1 != n0+1 {
				t.Fatalf("%d audit entries for one successful write", n1-n0)
			}
		}},
	})
}

// ---------------------------------------------------------------------------
// Audit log.

// RunAudit tests the audit log: appends inside store transactions,
// queries, the hash chain, and the database's append-only guard.
func RunAudit(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "ChainOverStoreMutations", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			f.mutates(t, entry("page.document.update", "page", p.ID), func(e audit.Entry) error {
				_, err := f.pages.PutDocument(f.ctx, p.ID, docJSON("v2"), 1, f.admin.ID, f.now, e)
				return err
			})
			f.mutates(t, entry("page.delete", "page", p.ID), func(e audit.Entry) error { return f.pages.DeletePage(f.ctx, p.ID, e) })
			f.mutates(t, entry("site.delete", "site", s.ID), func(e audit.Entry) error { return f.sites.DeleteSite(f.ctx, s.ID, e) })

			all, err := f.db.QueryAudit(f.ctx, audit.Filter{Limit: 100})
			noErr(t, "query", err)
			want := []string{"site.delete", "page.delete", "page.document.update", "page.create", "site.create", "org.setup"}
			same(t, "actions newest first", ids(all, func(e audit.Entry) string { return e.Action }), want)
			for i, e := range all {
				if e.Seq != int64(len(all)-i) {
					t.Fatalf("entry %d has seq %d, want %d", i, e.Seq, len(all)-i)
				}
				if i+1 < len(all) && e.PrevHash != all[i+1].Hash {
					t.Fatalf("seq %d does not link to seq %d", e.Seq, all[i+1].Seq)
				}
				if e.Hash != e.ComputeHash() {
					t.Fatalf("seq %d read back with a different hash", e.Seq)
				}
			}
			if all[len(all)-1].PrevHash != "" {
				t.Fatalf("first entry links to %q", all[len(all)-1].PrevHash)
			}
			n, problem, err := f.db.VerifyAudit(f.ctx)
			noErr(t, "verify", err)
			if problem != nil || n != int64(len(want)) {
				t.Fatalf("verify: %d entries, problem %+v", n, problem)
			}
		}},
		{name: "FailedAuditAppendRollsBackTheChange", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			restore := FailAuditAppends(t, f.db)
			jobs0 := CountJobs(t, f.db, jobs.SitePurge{}.Kind())

			created := f.newSite("new")
			if err := f.sites.CreateSite(f.ctx, created, entry("site.create", "site", created.ID)); err == nil {
				t.Fatal("create site succeeded without its audit entry")
			}
			_, err := f.sites.GetSite(f.ctx, created.ID)
			wantErr(t, "site created without audit", err, errs.ErrNoRows)

			if err := f.sites.DeleteSite(f.ctx, s.ID, entry("site.delete", "site", s.ID)); err == nil {
				t.Fatal("delete site succeeded without its audit entry")
			}
			_, err = f.sites.GetSite(f.ctx, s.ID)
			noErr(t, "site deleted without audit", err)
			if n := CountJobs(t, f.db, jobs.SitePurge{}.Kind()); n != jobs0 {
				t.Fatalf("a rolled-back delete left %d site.purge jobs", n-jobs0)
			}

			if _, err := f.pages.PutDocument(f.ctx, p.ID, docJSON("x"), 1, f.admin.ID, f.now, entry("page.document.update", "page", p.ID)); err == nil {
				t.Fatal("document saved without its audit entry")
			}
			d, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "get document", err)
			if d.Revision != 1 || string(d.JSON) != string(docJSON(p.Title)) {
				t.Fatalf("document changed without its audit entry: rev %d", d.Revision)
			}

			u := f.newUser("ed@riverside.example", "Ed", access.RoleEditor)
			if err := f.users.CreateUser(f.ctx, u, entry("user.create", "user", u.ID)); err == nil {
				t.Fatal("user created without its audit entry")
			}
			_, err = f.users.UserByID(f.ctx, u.ID)
			wantErr(t, "user created without audit", err, errs.ErrNoRows)

			restore()
			f.addSite(t, "after") // and appends work again
			_, problem, err := f.db.VerifyAudit(f.ctx)
			if err != nil || problem != nil {
				t.Fatalf("verify: %v %+v", err, problem)
			}
		}},
		{name: "QueryFilters", fresh: true, run: func(t *testing.T, f *fixture) {
			base := time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)
			appended := []audit.Entry{
				{ActorID: "a1", Action: "page.create", ResourceType: "page", ResourceID: "p1"},
				{ActorID: "a2", Action: "page.update", ResourceType: "page", ResourceID: "p1"},
				{ActorID: "a1", Action: "site.create", ResourceType: "site", ResourceID: "s1"},
				{ActorID: "a1", Action: "page.document.update", ResourceType: "page", ResourceID: "p2"},
				{ActorID: "a2", Action: "pageant.create", ResourceType: "pageant", ResourceID: "x1"},
			}
			for i := range appended {
				e := &appended[i]
				e.Time = base.Add(time.Duration(i) * time.Minute)
				e.ActorName, e.ResourceName = "Actor "+e.ActorID, "Resource "+e.ResourceID
				e.IP, e.UserAgent, e.RequestID = "198.51.100.7", "Mozilla/5.0", fmt.Sprint("req-", i)
				e.Status, e.Severity, e.Category = audit.StatusSuccess, audit.SeverityMedium, audit.CategoryData
				e.Changes = &audit.Changes{Before: map[string]any{"n": float64(i)}, After: map[string]any{"n": float64(i + 1), "title": "Flu <clinic> & co"}}
				if i == 1 {
					e.Status, e.Error, e.Changes = audit.StatusFailure, "denied", nil
				}
				noErr(t, "append", f.db.Append(f.ctx, *e))
			}
			// Entries read back exactly as written.
			all, err := f.db.QueryAudit(f.ctx, audit.Filter{Limit: 100})
			noErr(t, "query", err)
			if len(all) != len(appended) {
				t.Fatalf("%d entries, want %d", len(all), len(appended))
			}
			for _, got := range all {
				want := appended[got.Seq-1]
				want.Seq, want.ID, want.PrevHash, want.Hash = got.Seq, got.ID, got.PrevHash, got.Hash
				got.Time = got.Time.UTC()
				same(t, fmt.Sprint("entry ", got.Seq), got, want)
			}

			cases := []struct {
				name string
				f    audit.Filter
				want []int64
			}{
				{"All", audit.Filter{}, []int64{5, 4, 3, 2, 1}},
				{"Limit", audit.Filter{Limit: 2}, []int64{5, 4}},
				{"Actor", audit.Filter{ActorID: "a1"}, []int64{4, 3, 1}},
				{"ActionExact", audit.Filter{Action: "page.update"}, []int64{2}},
				{"ActionExactIsNotPrefix", audit.Filter{Action: "page.create"}, []int64{1}},
				{"ActionPrefix", audit.Filter{Action: "page."}, []int64{4, 2, 1}},
				{"ActionLongerPrefix", audit.Filter{Action: "page.document."}, []int64{4}},
				{"ActionNoMatch", audit.Filter{Action: "page"}, nil},
				{"ResourceType", audit.Filter{ResourceType: "site"}, []int64{3}},
				{"Resource", audit.Filter{ResourceType: "page", ResourceID: "p1"}, []int64{2, 1}},
				{"TimeRangeFromInclusiveToExclusive", audit.Filter{From: base.Add(time.Minute), To: base.Add(3 * time.Minute)}, []int64{3, 2}},
				{"TimeRangeOtherZone", audit.Filter{From: base.Add(time.Minute).In(time.FixedZone("UTC+5", 5*3600)),
					To: base.Add(3 * time.Minute).In(time.FixedZone("UTC-7", -7*3600))}, []int64{3, 2}},
				{"From", audit.Filter{From: base.Add(3*time.Minute + time.Microsecond)}, []int64{5}},
				{"To", audit.Filter{To: base.Add(time.Microsecond)}, []int64{1}},
				{"BeforeSeq", audit.Filter{BeforeSeq: 4}, []int64{3, 2, 1}},
				{"BeforeSeqWithLimit", audit.Filter{BeforeSeq: 4, Limit: 2}, []int64{3, 2}},
				{"Combined", audit.Filter{ActorID: "a1", Action: "page."}, []int64{4, 1}},
				{"CombinedCursor", audit.Filter{ActorID: "a1", Action: "page.", BeforeSeq: 4}, []int64{1}},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if c.f.Limit == 0 {
						c.f.Limit = 100
					}
					got, err := f.db.QueryAudit(f.ctx, c.f)
					noErr(t, "query", err)
					var seqs []int64
					for _, e := range got {
						seqs = append(seqs, e.Seq)
					}
					same(t, "seqs", seqs, c.want)
				})
			}

			// Paging through with the cursor visits every entry once.
			var seen []int64
			cursor := int64(0)
			for {
				page, err := f.db.QueryAudit(f.ctx, audit.Filter{BeforeSeq: cursor, Limit: 2})
				noErr(t, "page", err)
				if len(page) == 0 {
					break
				}
				for _, e := range page {
					seen = append(seen, e.Seq)
				}
				cursor = page[len(page)-1].Seq
			}
			same(t, "paged seqs", seen, []int64{5, 4, 3, 2, 1})
		}},
		{name: "DatabaseRefusesUpdateAndDelete", run: func(t *testing.T, f *fixture) {
			f.addSite(t, "clinic")
			stmts := []string{
				"UPDATE audit_log SET action = 'site.nothing' WHERE seq = 2",
				"UPDATE audit_log SET actor_id = 'someone-else'",
				"DELETE FROM audit_log WHERE seq = 2",
				"DELETE FROM audit_log",
			}
			if f.db.Dialect == sqlstore.Postgres {
				stmts = append(stmts, "TRUNCATE audit_log")
			}
			for _, q := range stmts {
				if _, err := f.db.W.ExecContext(f.ctx, q); err == nil {
					t.Fatalf("%s: allowed", q)
				}
			}
			n, problem, err := f.db.VerifyAudit(f.ctx)
			if err != nil || problem != nil || n != 2 {
				t.Fatalf("verify after refused tampering: %d %+v %v", n, problem, err)
			}
		}},
		{name: "VerifyReportsTampering", fresh: true, run: func(t *testing.T, _ *fixture) {
			type tamper struct {
				name    string
				do      func(t *testing.T, f *fixture)
				wantSeq int64
			}
			tampers := []tamper{
				{"EditedField", func(t *testing.T, f *fixture) {
					mustExec(t, f.db, "UPDATE audit_log SET action = 'site.view' WHERE seq = 2")
				}, 2},
				{"EditedChanges", func(t *testing.T, f *fixture) {
					mustExec(t, f.db, `UPDATE audit_log SET changes = '{"after":{"action":"nothing"}}' WHERE seq = 3`)
				}, 3},
				{"EditedAndRehashed", func(t *testing.T, f *fixture) {
					// Recomputing the edited entry's hash moves the break
					// to the next entry, which links to the old hash.
					e := f.entryAt(t, 2)
					e.ActorID = "someone-else"
					mustExec(t, f.db, "UPDATE audit_log SET actor_id = $1, hash = $2 WHERE seq = 2", e.ActorID, e.ComputeHash())
				}, 3},
				{"DeletedMiddle", func(t *testing.T, f *fixture) {
					mustExec(t, f.db, "DELETE FROM audit_log WHERE seq = 3")
				}, 4},
				{"DeletedLast", func(t *testing.T, f *fixture) {
					mustExec(t, f.db, "DELETE FROM audit_log WHERE seq = 4")
				}, 4},
				{"DeletedAll", func(t *testing.T, f *fixture) {
					mustExec(t, f.db, "DELETE FROM audit_log")
				}, 1},
			}
			// Each tampering runs on its own database with four entries:
			// org.setup (seq 1) and three site.create (2, 3, 4).
			for _, tc := range tampers {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					g := newFixture(t, newDB(t))
					g.seed(t)
					for _, slug := range []string{"a", "b", "c"} {
						g.addSite(t, slug)
					}
					n, problem, err := g.db.VerifyAudit(g.ctx)
					if err != nil || problem != nil || n != 4 {
						t.Fatalf("verify clean chain: %d %+v %v", n, problem, err)
					}
					DisableAuditGuards(t, g.db)
					tc.do(t, g)
					_, problem, err = g.db.VerifyAudit(g.ctx)
					noErr(t, "verify", err)
					if problem == nil {
						t.Fatal("tampering not detected")
					}
					if problem.Seq != tc.wantSeq || problem.Reason == "" {
						t.Fatalf("problem %+v, want seq %d", problem, tc.wantSeq)
					}
				})
			}
		}},
		{name: "ConcurrentAppendsFormOneChain", fresh: true, run: func(t *testing.T, f *fixture) {
			const goroutines, each = 8, 10
			var wg sync.WaitGroup
			errc := make(chan error, goroutines*each)
			for g := range goroutines {
				wg.Go(func() {
					for i := range each {
						e := entry("auth.login", "user", fmt.Sprintf("u%d-%d", g, i))
						e.ActorID = fmt.Sprint("actor-", g)
						if err := f.db.Append(f.ctx, e); err != nil {
							errc <- err
						}
					}
				})
			}
			wg.Wait()
			close(errc)
			for err := range errc {
				t.Fatalf("append: %v", err)
			}
			count, maxSeq := f.auditState(t)
			if count != goroutines*each || maxSeq != goroutines*each {
				t.Fatalf("%d entries up to seq %d, want %d gapless", count, maxSeq, goroutines*each)
			}
			n, problem, err := f.db.VerifyAudit(f.ctx)
			if err != nil || problem != nil || n != goroutines*each {
				t.Fatalf("verify: %d %+v %v", n, problem, err)
			}
			for g := range goroutines {
				got, err := f.db.QueryAudit(f.ctx, audit.Filter{ActorID: fmt.Sprint("actor-", g), Limit: 100})
				noErr(t, "query", err)
				if len(got) != each {
					t.Fatalf("actor %d has %d entries, want %d", g, len(got), each)
				}
			}
		}},
	})
}

// entryAt reads the audit entry with the given seq.
func (f *fixture) entryAt(t *testing.T, seq int64) audit.Entry {
	t.Helper()
	es, err := f.db.QueryAudit(f.ctx, audit.Filter{BeforeSeq: seq + 1, Limit: 1})
	if err != nil || len(es) != 1 || es[0].Seq != seq {
		t.Fatalf("entry %d: %v %+v", seq, err, es)
	}
	return es[0]
}

// OnEachDatabase runs fn on a fresh, migrated SQLite database and, when
// PAGEWRIGHT_TEST_POSTGRES_URL is set (always under CI=true), on a fresh
// PostgreSQL schema, as parallel subtests.
func OnEachDatabase(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, Open(t, "", t.TempDir()))
	})
	t.Run("postgres", func(t *testing.T) {
		apptest.PostgresURL(t)
		t.Parallel()
		fn(t, Open(t, apptest.FreshPostgres(t), ""))
	})
}
