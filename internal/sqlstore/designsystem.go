package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/errs"
)

// DesignSystems implements designsystem.Store.
type DesignSystems struct{ *DB }

var _ designsystem.Store = DesignSystems{}

// SiteName returns a site's name.
func (s DesignSystems) SiteName(ctx context.Context, id string) (string, error) {
	return Sites(s).SiteName(ctx, id)
}

// GetDesignSystem returns a site's saved design system, or errs.ErrNoRows.
func (s DesignSystems) GetDesignSystem(ctx context.Context, siteID string) (designsystem.DS, error) {
	var ds designsystem.DS
	var tokens, themes string
	err := s.readRow(ctx, "SELECT tokens, themes, revision, updated_at, updated_by FROM design_systems WHERE site_id = $1", siteID).
		Scan(&tokens, &themes, &ds.Revision, &ds.UpdatedAt, &ds.UpdatedBy)
	if err != nil {
		return designsystem.DS{}, translate(err)
	}
	ds.Tokens = json.RawMessage(tokens)
	if err := json.Unmarshal([]byte(themes), &ds.Themes); err != nil {
		return designsystem.DS{}, err
	}
	if ds.Themes == nil {
		ds.Themes = map[string]json.RawMessage{}
	}
	ds.UpdatedAt = ds.UpdatedAt.UTC()
	return ds, nil
}

// PutDesignSystem is a compare-and-swap on the revision (0: no row yet):
// a stale writer changes nothing. The history entry and the audit entry are
// written in the same transaction.
func (s DesignSystems) PutDesignSystem(ctx context.Context, siteID string, ds designsystem.DS, want int64, h designsystem.HistoryEntry, e audit.Entry) error {
	themes := ds.Themes
	if themes == nil {
		themes = map[string]json.RawMessage{}
	}
	themesJSON, err := json.Marshal(themes)
	if err != nil {
		return err
	}
	changes, err := json.Marshal(h.Changes)
	if err != nil {
		return err
	}
	at := ds.UpdatedAt.UTC().Truncate(time.Microsecond)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if want == 0 {
			res, err = s.exec(ctx, tx, `INSERT INTO design_systems (site_id, tokens, themes, revision, updated_at, updated_by)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site_id) DO NOTHING`,
				siteID, string(ds.Tokens), string(themesJSON), want+1, at, ds.UpdatedBy)
		} else {
			res, err = s.exec(ctx, tx, `UPDATE design_systems SET tokens = $1, themes = $2, revision = $3, updated_at = $4, updated_by = $5
				WHERE site_id = $6 AND revision = $7`,
				string(ds.Tokens), string(themesJSON), want+1, at, ds.UpdatedBy, siteID, want)
		}
		if err := affected(res, err); err == errs.ErrNoRows {
			return errs.ErrStale
		} else if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO design_system_history (id, site_id, revision, changed_by, changed_by_name, changed_at, changes)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			h.ID, siteID, want+1, h.ChangedBy, h.ChangedByName, h.ChangedAt.UTC().Truncate(time.Microsecond), string(changes)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ListDesignSystemHistory returns up to limit saves, newest first.
func (s DesignSystems) ListDesignSystemHistory(ctx context.Context, siteID string, limit int) ([]designsystem.HistoryEntry, error) {
	rows, err := s.read(ctx, `SELECT id, revision, changed_by, changed_by_name, changed_at, changes FROM design_system_history
		WHERE site_id = $1 ORDER BY revision DESC LIMIT $2`, siteID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []designsystem.HistoryEntry{}
	for rows.Next() {
		var h designsystem.HistoryEntry
		var changes string
		if err := rows.Scan(&h.ID, &h.Revision, &h.ChangedBy, &h.ChangedByName, &h.ChangedAt, &changes); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(changes), &h.Changes); err != nil {
			return nil, err
		}
		h.ChangedAt = h.ChangedAt.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}
