package storetest_test

import (
	"testing"

	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
)

// TestPostgres runs the conformance suite on PostgreSQL, one fresh schema
// per test. It is skipped without PAGEWRIGHT_TEST_POSTGRES_URL, and fails
// under CI=true.
func TestPostgres(t *testing.T) {
	apptest.PostgresURL(t)
	t.Parallel()
	storetest.Run(t, func(t *testing.T) *sqlstore.DB {
		return storetest.NewDB(t, apptest.FreshPostgres(t), "")
	})
}

// TestPostgresSymbols runs the component library's suite on PostgreSQL.
func TestPostgresSymbols(t *testing.T) {
	apptest.PostgresURL(t)
	t.Parallel()
	storetest.RunSymbols(t, func(t *testing.T) *sqlstore.DB {
		return storetest.NewDB(t, apptest.FreshPostgres(t), "")
	})
}
