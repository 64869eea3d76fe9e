package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmts caches prepared statements per pool. Without it every query is
// parsed again, which was a fifth of the CPU of a document read on SQLite.
type stmts struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool // seen inside a transaction, to prepare after it
}

// lookup returns a cached statement without preparing. Inside a SQLite
// transaction the single write connection is taken, so preparing on the
// pool there would wait for ever: such queries run unprepared once and are
// prepared after the transaction (see prepPending).
func (c *stmts) lookup(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.m[q]
	if st == nil {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[q] = true
	}
	return st
}

// prepPending prepares the queries first seen inside a transaction.
func (c *stmts) prepPending(ctx context.Context, pool *sql.DB) {
	c.mu.Lock()
	qs := c.pending
	c.pending = nil
	c.mu.Unlock()
	for q := range qs {
		_, _ = c.get(ctx, pool, q) // an error just leaves the query unprepared
	}
}

func (c *stmts) get(ctx context.Context, pool *sql.DB, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[q]
	c.mu.Unlock()
	if ok {
		return st, nil
	}
	// Prepare without holding the lock: preparing may wait for a
	// connection that a transaction holds, and that transaction may need
	// the lock to look up its own statements.
	st, err := pool.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[q]; ok {
		st.Close()
		return prev, nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st, nil
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// readRow runs a single-row query on the read pool.
func (db *DB) readRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := db.rstmts.get(ctx, db.R, q)
	if err != nil {
		// Let the error surface through Scan, as QueryRowContext would.
		return db.R.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// read runs a query on the read pool.
func (db *DB) read(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := db.rstmts.get(ctx, db.R, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// writeExec runs a statement on the write pool outside a transaction.
func (db *DB) writeExec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := db.wstmts.get(ctx, db.W, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// exec runs a statement inside tx, reusing the prepared statement.
func (db *DB) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if st := db.wstmts.lookup(q); st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// row runs a single-row query inside tx.
func (db *DB) row(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if st := db.wstmts.lookup(q); st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}
