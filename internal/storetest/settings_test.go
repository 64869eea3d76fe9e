package storetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
)

// TestSettings checks sqlstore.Settings on SQLite and, when configured,
// PostgreSQL.
func TestSettings(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, testSettings)
}

func testSettings(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	s := sqlstore.Settings{DB: db}
	entry := func(action string, at time.Time) audit.Entry {
		return audit.Entry{Action: action, ResourceType: "settings", ResourceID: "email", Status: audit.StatusSuccess,
			Category: audit.CategoryConfiguration, Severity: audit.SeverityHigh, Time: at, ActorID: "u1"}
	}
	auditCount := func() int {
		t.Helper()
		var n int
		if err := db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'settings.%'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	if _, err := s.GetSetting(ctx, "email"); !errors.Is(err, errs.ErrNoRows) {
		t.Fatalf("get missing: err = %v, want ErrNoRows", err)
	}

	t1 := time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC)
	if err := s.PutSetting(ctx, "email", []byte(`{"host":"a"}`), "u1", entry("settings.email.update", t1)); err != nil {
		t.Fatalf("put: %v", err)
	}
	got, err := s.GetSetting(ctx, "email")
	if err != nil || string(got) != `{"host":"a"}` {
		t.Fatalf("get = %s, %v", got, err)
	}

	// Upsert replaces the value and who/when.
	t2 := t1.Add(time.Hour)
	if err := s.PutSetting(ctx, "email", []byte(`{"host":"b"}`), "u2", entry("settings.email.update", t2)); err != nil {
		t.Fatalf("put again: %v", err)
	}
	got, _ = s.GetSetting(ctx, "email")
	if string(got) != `{"host":"b"}` {
		t.Fatalf("after upsert get = %s", got)
	}
	var by string
	var at time.Time
	if err := db.R.QueryRowContext(ctx, "SELECT updated_by, updated_at FROM settings WHERE key = 'email'").Scan(&by, &at); err != nil {
		t.Fatal(err)
	}
	if by != "u2" || !at.Equal(t2) {
		t.Fatalf("updated_by, updated_at = %q, %v; want u2, %v", by, at, t2)
	}
	var rows int
	_ = db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM settings").Scan(&rows)
	if rows != 1 {
		t.Fatalf("settings rows = %d, want 1", rows)
	}
	if n := auditCount(); n != 2 {
		t.Fatalf("audit entries = %d, want 2", n)
	}

	// Other keys are independent.
	if err := s.PutSetting(ctx, "other", []byte(`1`), "u1", entry("settings.other.update", t2)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetSetting(ctx, "email"); string(got) != `{"host":"b"}` {
		t.Fatalf("email after other put = %s", got)
	}

	// A change whose audit entry cannot be written is not made.
	restore := storetest.FailAuditAppends(t, db)
	if err := s.PutSetting(ctx, "email", []byte(`{"host":"c"}`), "u1", entry("settings.email.update", t2)); err == nil {
		t.Fatal("put with failing audit succeeded")
	}
	restore()
	if got, _ := s.GetSetting(ctx, "email"); string(got) != `{"host":"b"}` {
		t.Fatalf("after failed put get = %s, want unchanged", got)
	}
	if n := auditCount(); n != 3 {
		t.Fatalf("audit entries = %d, want 3", n)
	}

	// Append (used for the test message) is a standalone entry.
	if err := s.Append(ctx, entry("settings.email.test", t2)); err != nil {
		t.Fatal(err)
	}
	if _, p, err := db.VerifyAudit(ctx); err != nil || p != nil {
		t.Fatalf("verify audit: %v %v", p, err)
	}
}
