package sqlstore

import (
	"context"
	"database/sql"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/site"
)

// Sites implements site.Store.
type Sites struct{ *DB }

var _ site.Store = Sites{}

const siteSelect = `SELECT s.id, s.name, s.slug, s.description, s.created_by, s.created_at, s.updated_at,
	(SELECT COUNT(*) FROM pages p WHERE p.site_id = s.id) FROM sites s`

func scanSite(sc interface{ Scan(...any) error }) (site.Site, error) {
	var s site.Site
	err := sc.Scan(&s.ID, &s.Name, &s.Slug, &s.Description, &s.CreatedBy, &s.CreatedAt, &s.UpdatedAt, &s.PageCount)
	return s, translate(err)
}

// ListSites returns up to limit sites after the cursor id, oldest first
// (ids are time-ordered UUIDv7).
func (s Sites) ListSites(ctx context.Context, afterID string, limit int) ([]site.Site, error) {
	rows, err := s.read(ctx, siteSelect+" WHERE s.id > $1 ORDER BY s.id LIMIT $2", afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []site.Site{}
	for rows.Next() {
		st, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// GetSite returns one site.
func (s Sites) GetSite(ctx context.Context, id string) (site.Site, error) {
	return scanSite(s.readRow(ctx, siteSelect+" WHERE s.id = $1", id))
}

// SiteName returns a site's name (page.Sites).
func (s Sites) SiteName(ctx context.Context, id string) (string, error) {
	var name string
	err := s.readRow(ctx, "SELECT name FROM sites WHERE id = $1", id).Scan(&name)
	return name, translate(err)
}

// CreateSite inserts a site.
func (s Sites) CreateSite(ctx context.Context, st site.Site, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO sites (id, org_id, name, slug, description, created_by, created_at, updated_at)
			VALUES ($1, (SELECT id FROM organizations), $2, $3, $4, $5, $6, $7)`,
			st.ID, st.Name, st.Slug, st.Description, st.CreatedBy, st.CreatedAt, st.UpdatedAt); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UpdateSite saves a site's editable fields.
func (s Sites) UpdateSite(ctx context.Context, st site.Site, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "UPDATE sites SET name = $1, slug = $2, description = $3, updated_at = $4 WHERE id = $5",
			st.Name, st.Slug, st.Description, st.UpdatedAt, st.ID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteSite removes a site, its pages (by cascade) and queues the purge
// of its stored files in the same transaction.
func (s Sites) DeleteSite(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM sites WHERE id = $1", id)); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, SitePurge{SiteID: id}); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}
