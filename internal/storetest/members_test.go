package storetest_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/user"
)

// TestLastAdminRace has the two Admins of an organisation demote,
// deactivate or remove each other at the same moment, many times: the
// "last active Admin" rule must hold under concurrency (exactly one of the
// two changes wins), on SQLite and, when configured, PostgreSQL.
func TestLastAdminRace(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, lastAdminRace)
}

func lastAdminRace(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	users := sqlstore.Users{DB: db}
	now := time.Now().UTC().Truncate(time.Microsecond)
	org := user.Org{ID: uuid.NewString(), Name: "Riverside Clinics", CreatedAt: now}
	e := func(action string) audit.Entry {
		return audit.Entry{Action: action, ResourceType: "user", Status: audit.StatusSuccess, Category: audit.CategoryAccess, Severity: audit.SeverityHigh}
	}
	newAdmin := func() user.User {
		id := uuid.NewString()
		return user.User{ID: id, OrgID: org.ID, Email: id + "@riverside.example", Name: "Admin " + id[:8], Role: access.RoleAdmin,
			Status: user.StatusActive, PasswordHash: "$argon2id$v=19$test", CreatedAt: now}
	}
	first := newAdmin()
	sess := user.Session{IDHash: uuid.NewString(), UserID: first.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := users.Setup(ctx, org, first, sess, e("org.setup")); err != nil {
		t.Fatal(err)
	}
	// pair makes two new active Admins, and everyone else an Editor.
	pair := func() (string, string) {
		t.Helper()
		a, b := newAdmin(), newAdmin()
		for _, u := range []user.User{a, b} {
			if err := users.CreateUser(ctx, u, e("user.create")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.W.ExecContext(ctx, "UPDATE users SET role = 'editor' WHERE id <> $1 AND id <> $2", a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		return a.ID, b.ID
	}
	activeAdmins := func() int {
		t.Helper()
		var n int
		if err := db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Every way of taking away an Admin; the race pairs every two of them.
	takeAway := map[string]func(id string) error{
		"demote":     func(id string) error { return users.SetRole(ctx, id, access.RoleViewer, e("member.role_change")) },
		"deactivate": func(id string) error { return users.SetStatus(ctx, id, user.StatusDeactivated, e("member.deactivate")) },
		"remove":     func(id string) error { return users.RemoveUser(ctx, id, e("member.remove")) },
	}
	const rounds = 8
	for nameA, fa := range takeAway {
		for nameB, fb := range takeAway {
			for i := 0; i < rounds; i++ {
				a, b := pair()
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make([]error, 2)
				for j, f := range []func() error{func() error { return fa(a) }, func() error { return fb(b) }} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						errs[j] = f()
					}()
				}
				close(start)
				wg.Wait()
				refused := 0
				for _, err := range errs {
					switch {
					case errors.Is(err, user.ErrLastAdmin):
						refused++
					case err != nil:
						t.Fatalf("%s a / %s b: unexpected error %v", nameA, nameB, err)
					}
				}
				if n := activeAdmins(); n != 1 || refused != 1 {
					t.Fatalf("%s a / %s b at once (round %d): %d active admins left, %d refused (%v); want 1 and 1",
						nameA, nameB, i, n, refused, errs)
				}
			}
		}
	}
}
