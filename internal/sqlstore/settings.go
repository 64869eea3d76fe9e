package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/mail"
)

// Settings implements mail.SettingsStore on the settings table: one JSON
// value per key.
type Settings struct{ *DB }

var _ mail.SettingsStore = Settings{}

// GetSetting returns a setting's value, or errs.ErrNoRows.
func (s Settings) GetSetting(ctx context.Context, key string) ([]byte, error) {
	var v string
	if err := s.readRow(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v); err != nil {
		return nil, translate(err)
	}
	return []byte(v), nil
}

// PutSetting creates or replaces a setting and appends e in the same
// transaction; updated_at is e.Time (now when zero).
func (s Settings) PutSetting(ctx context.Context, key string, value []byte, by string, e audit.Entry) error {
	at := e.Time
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Microsecond)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			key, string(value), at, by); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}
