package storetest_test

import (
	"testing"

	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
)

// TestSQLite runs the conformance suite on SQLite, one database file per test.
func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) *sqlstore.DB {
		return storetest.NewDB(t, "", t.TempDir())
	})
}

// TestSQLiteSymbols runs the component library's suite on SQLite.
func TestSQLiteSymbols(t *testing.T) {
	t.Parallel()
	storetest.RunSymbols(t, func(t *testing.T) *sqlstore.DB {
		return storetest.NewDB(t, "", t.TempDir())
	})
}
