// Package sqlstore implements every domain Store on database/sql, for SQLite
// (the default, embedded) and PostgreSQL, with hand-written portable SQL.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pagewright/pagewright/internal/errs"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database engine.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds the connection pools. SQLite allows one writer at a time, so
// writes (and River) go through a single-connection pool while reads use
// many connections in parallel under WAL; on PostgreSQL both are one pool.
type DB struct {
	Dialect Dialect
	W       *sql.DB
	R       *sql.DB
	jobs    Enqueuer
	rstmts  stmts
	wstmts  stmts
}

// Open connects to the database named by rawURL: empty (or sqlite://path)
// is SQLite at <dataDir>/pagewright.db; postgres:// is PostgreSQL.
func Open(ctx context.Context, rawURL, dataDir string) (*DB, error) {
	switch {
	case rawURL == "" || strings.HasPrefix(rawURL, "sqlite:") || strings.HasPrefix(rawURL, "file:"):
		path := filepath.Join(dataDir, "pagewright.db")
		if rawURL != "" {
			u, err := url.Parse(rawURL)
			if err != nil {
				return nil, fmt.Errorf("database url: %w", err)
			}
			path = u.Opaque
			if path == "" {
				path = u.Host + u.Path
			}
		}
		return openSQLite(ctx, path)
	case strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	}
	return nil, fmt.Errorf("database url: unsupported scheme (use postgres:// or leave it empty for SQLite)")
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// SQLite compares times as text, so every time is written in UTC
	// (_timezone) for comparisons such as expires_at <= $1 to order instants.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_timezone=UTC"
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{Dialect: SQLite, W: w, R: r}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	p, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(16)
	p.SetConnMaxLifetime(30 * time.Minute)
	db := &DB{Dialect: Postgres, W: p, R: p}
	if err := db.Ping(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect to postgres: %w", redact(err, rawURL))
	}
	return db, nil
}

// Ping checks the database answers, for readiness.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.W.PingContext(ctx); err != nil {
		return err
	}
	return db.R.PingContext(ctx)
}

// Close closes the pools.
func (db *DB) Close() error {
	db.rstmts.close()
	db.wstmts.close()
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	return err
}

// Migrate applies the embedded migrations, then extra (River's). On
// PostgreSQL it holds an advisory lock throughout, so instances starting
// together migrate one at a time.
func (db *DB) Migrate(ctx context.Context, extra func(context.Context) error) error {
	if db.Dialect == Postgres {
		conn, err := db.W.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		const lockID = 7_310_151_482 // "pagewright migrate"
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockID); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockID) //nolint:errcheck
	}
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.W, sub)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if extra != nil {
		return extra(ctx)
	}
	return nil
}

// tx runs fn in a write transaction, committing if it returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		db.wstmts.prepPending(ctx, db.W)
		return translate(err)
	}
	err = translate(tx.Commit())
	db.wstmts.prepPending(ctx, db.W)
	return err
}

// translate turns driver errors into the errs sentinels services expect.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNoRows
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errs.ErrDuplicate
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return errs.ErrNoRows
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return errs.ErrDuplicate
		case "23503":
			return errs.ErrNoRows
		}
	}
	return err
}

// redact removes the password of a database URL from an error message.
func redact(err error, rawURL string) error {
	u, perr := url.Parse(rawURL)
	if perr != nil || u.User == nil {
		return err
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
	}
	return err
}

// affected returns errs.ErrNoRows if res changed no row.
func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNoRows
	}
	return nil
}
