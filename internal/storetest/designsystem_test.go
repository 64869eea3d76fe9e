package storetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/token"
	"github.com/pagewright/pagewright/internal/user"
)

// TestDesignSystems checks sqlstore.DesignSystems on SQLite and, when
// configured, PostgreSQL.
func TestDesignSystems(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, testDesignSystems)
}

func testDesignSystems(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC)
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	entry := func(action, resType, resID string) audit.Entry {
		return audit.Entry{Action: action, ResourceType: resType, ResourceID: resID, Status: audit.StatusSuccess,
			Category: audit.CategoryData, Severity: audit.SeverityMedium, Time: now}
	}

	// An organisation, an admin and a site to hang the design system on.
	org := user.Org{ID: id(), Name: "Riverside Clinics", CreatedAt: now}
	admin := user.User{ID: id(), OrgID: org.ID, Email: "maya@riverside.example", Name: "Maya Admin", Role: access.RoleAdmin,
		Status: user.StatusActive, PasswordHash: "$argon2id$v=19$test", CreatedAt: now}
	sess := user.Session{IDHash: id(), UserID: admin.ID, CSRFToken: id(), CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := (sqlstore.Users{DB: db}).Setup(ctx, org, admin, sess, entry("org.setup", "org", org.ID)); err != nil {
		t.Fatalf("setup: %v", err)
	}
	st := site.Site{ID: id(), Name: "Tokens", Slug: "tokens", CreatedBy: admin.ID, CreatedAt: now, UpdatedAt: now}
	if err := (sqlstore.Sites{DB: db}).CreateSite(ctx, st, entry("site.create", "site", st.ID)); err != nil {
		t.Fatalf("create site: %v", err)
	}

	s := sqlstore.DesignSystems{DB: db}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.R.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const auditQuery = "SELECT COUNT(*) FROM audit_log WHERE action = 'design_system.update'"

	if name, err := s.SiteName(ctx, st.ID); err != nil || name != "Tokens" {
		t.Fatalf("site name %q, %v", name, err)
	}
	if _, err := s.SiteName(ctx, "missing"); !errors.Is(err, errs.ErrNoRows) {
		t.Fatalf("missing site name: %v, want ErrNoRows", err)
	}
	if _, err := s.GetDesignSystem(ctx, st.ID); !errors.Is(err, errs.ErrNoRows) {
		t.Fatalf("get before any save: %v, want ErrNoRows", err)
	}
	if hs, err := s.ListDesignSystemHistory(ctx, st.ID, 10); err != nil || len(hs) != 0 {
		t.Fatalf("history before any save: %v, %v", hs, err)
	}

	ds := designsystem.DS{Tokens: json.RawMessage(`{"color":{"$type":"color","primary":{"$value":"#0f4c81"}}}`),
		Themes:   map[string]json.RawMessage{"dark": json.RawMessage(`{"color":{"primary":{"$value":"#5eead4"}}}`)},
		Revision: 1, UpdatedAt: now, UpdatedBy: admin.ID}
	h := designsystem.HistoryEntry{ID: id(), Revision: 1, ChangedBy: admin.ID, ChangedByName: admin.Name, ChangedAt: now,
		Changes: []token.Change{{Path: "color.primary", Field: "$value", Before: `"{color.teal.700}"`, After: `"#0f4c81"`}}}
	if err := s.PutDesignSystem(ctx, st.ID, ds, 0, h, entry("design_system.update", "site", st.ID)); err != nil {
		t.Fatalf("first put: %v", err)
	}
	got, err := s.GetDesignSystem(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 1 || string(got.Tokens) != string(ds.Tokens) || string(got.Themes["dark"]) != string(ds.Themes["dark"]) ||
		!got.UpdatedAt.Equal(now) || got.UpdatedBy != admin.ID {
		t.Fatalf("got %+v, want %+v", got, ds)
	}

	// A stale writer (revision 0 again, or a wrong revision) changes
	// nothing: no row, no history, no audit.
	if err := s.PutDesignSystem(ctx, st.ID, ds, 0, designsystem.HistoryEntry{ID: id(), Revision: 1, ChangedAt: now},
		entry("design_system.update", "site", st.ID)); !errors.Is(err, errs.ErrStale) {
		t.Fatalf("second first-save: %v, want ErrStale", err)
	}
	ds2 := ds
	ds2.Tokens, ds2.Revision, ds2.Themes = json.RawMessage(`{"color":{"$type":"color","primary":{"$value":"#000000"}}}`), 2, nil
	if err := s.PutDesignSystem(ctx, st.ID, ds2, 5, designsystem.HistoryEntry{ID: id(), Revision: 6, ChangedAt: now},
		entry("design_system.update", "site", st.ID)); !errors.Is(err, errs.ErrStale) {
		t.Fatalf("stale put: %v, want ErrStale", err)
	}
	if n := count(auditQuery); n != 1 {
		t.Fatalf("audit entries after stale writes %d, want 1", n)
	}
	if n := count("SELECT COUNT(*) FROM design_system_history"); n != 1 {
		t.Fatalf("history rows after stale writes %d, want 1", n)
	}

	// The next revision.
	later := now.Add(time.Minute)
	ds2.UpdatedAt = later
	h2 := designsystem.HistoryEntry{ID: id(), Revision: 2, ChangedBy: admin.ID, ChangedByName: admin.Name, ChangedAt: later,
		Changes: []token.Change{{Theme: "dark", Path: "color.primary", Before: `{"$value":"#5eead4"}`}}}
	if err := s.PutDesignSystem(ctx, st.ID, ds2, 1, h2, entry("design_system.update", "site", st.ID)); err != nil {
		t.Fatalf("second put: %v", err)
	}
	got, _ = s.GetDesignSystem(ctx, st.ID)
	if got.Revision != 2 || string(got.Tokens) != string(ds2.Tokens) || len(got.Themes) != 0 || got.Themes == nil {
		t.Fatalf("after the second put %+v", got)
	}
	hs, err := s.ListDesignSystemHistory(ctx, st.ID, 10)
	if err != nil || len(hs) != 2 {
		t.Fatalf("history %+v, %v", hs, err)
	}
	if hs[0].Revision != 2 || hs[1].Revision != 1 || hs[1].ChangedByName != admin.Name || !hs[1].ChangedAt.Equal(now) ||
		len(hs[1].Changes) != 1 || hs[1].Changes[0] != h.Changes[0] || hs[0].Changes[0] != h2.Changes[0] {
		t.Fatalf("history %+v", hs)
	}
	if hs, _ := s.ListDesignSystemHistory(ctx, st.ID, 1); len(hs) != 1 || hs[0].Revision != 2 {
		t.Fatalf("history limit 1: %+v", hs)
	}
	if n := count(auditQuery); n != 2 {
		t.Fatalf("audit entries %d, want 2", n)
	}

	// A missing site: the foreign key refuses the first save.
	if err := s.PutDesignSystem(ctx, "missing", ds, 0, designsystem.HistoryEntry{ID: id(), Revision: 1, ChangedAt: now},
		entry("design_system.update", "site", "missing")); !errors.Is(err, errs.ErrNoRows) {
		t.Fatalf("put on a missing site: %v, want ErrNoRows", err)
	}

	// Deleting the site removes its design system and history (cascade;
	// DeleteSite itself needs a job queue, which this test does not connect).
	if _, err := db.W.ExecContext(ctx, "DELETE FROM sites WHERE id = $1", st.ID); err != nil {
		t.Fatal(err)
	}
	if n := count("SELECT (SELECT COUNT(*) FROM design_systems) + (SELECT COUNT(*) FROM design_system_history)"); n != 0 {
		t.Fatalf("%d design system rows left after deleting the site", n)
	}
}
