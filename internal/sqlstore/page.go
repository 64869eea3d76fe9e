package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/page"
)

// Pages implements page.Store.
type Pages struct{ *DB }

var _ page.Store = Pages{}

const pageSelect = `SELECT p.id, p.site_id, p.title, p.slug, p.status, p.revision, p.created_at, p.updated_at,
	p.updated_by, COALESCE(u.name, '') FROM pages p LEFT JOIN users u ON u.id = p.updated_by`

func scanPage(sc interface{ Scan(...any) error }) (page.Page, error) {
	var p page.Page
	var byID, byName string
	err := sc.Scan(&p.ID, &p.SiteID, &p.Title, &p.Slug, &p.Status, &p.Revision, &p.CreatedAt, &p.UpdatedAt, &byID, &byName)
	if byID != "" {
		p.UpdatedBy = &page.Ref{ID: byID, Name: byName}
	}
	return p, translate(err)
}

// ListPages returns up to limit pages of a site after the cursor id.
func (s Pages) ListPages(ctx context.Context, siteID, afterID string, limit int) ([]page.Page, error) {
	rows, err := s.read(ctx, pageSelect+" WHERE p.site_id = $1 AND p.id > $2 ORDER BY p.id LIMIT $3", siteID, afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []page.Page{}
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// GetPage returns one page.
func (s Pages) GetPage(ctx context.Context, id string) (page.Page, error) {
	return scanPage(s.readRow(ctx, pageSelect+" WHERE p.id = $1", id))
}

// CreatePage inserts a page with its first document.
func (s Pages) CreatePage(ctx context.Context, p page.Page, doc []byte, e audit.Entry) error {
	by := ""
	if p.UpdatedBy != nil {
		by = p.UpdatedBy.ID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO pages (id, site_id, title, slug, status, document, revision, created_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.ID, p.SiteID, p.Title, p.Slug, p.Status, string(doc), p.Revision, p.CreatedAt, p.UpdatedAt, by); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UpdatePage saves a page's title and slug.
func (s Pages) UpdatePage(ctx context.Context, p page.Page, e audit.Entry) error {
	by := ""
	if p.UpdatedBy != nil {
		by = p.UpdatedBy.ID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "UPDATE pages SET title = $1, slug = $2, updated_at = $3, updated_by = $4 WHERE id = $5",
			p.Title, p.Slug, p.UpdatedAt, by, p.ID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeletePage removes a page.
func (s Pages) DeletePage(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM pages WHERE id = $1", id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// GetDocument returns a page's document and revision.
func (s Pages) GetDocument(ctx context.Context, id string) (page.Document, error) {
	var d page.Document
	var body string
	err := s.readRow(ctx, "SELECT id, site_id, title, document, revision, updated_at FROM pages WHERE id = $1", id).
		Scan(&d.PageID, &d.SiteID, &d.Title, &body, &d.Revision, &d.UpdatedAt)
	d.JSON = []byte(body)
	return d, translate(err)
}

// PutDocument is a compare-and-swap on the revision: a stale writer
// changes nothing.
func (s Pages) PutDocument(ctx context.Context, id string, doc []byte, want int64, by string, at time.Time, e audit.Entry) (int64, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE pages SET document = $1, revision = revision + 1, updated_at = $2, updated_by = $3
			WHERE id = $4 AND revision = $5`, string(doc), at, by, id, want)
		if err := affected(res, err); err == errs.ErrNoRows {
			var x int
			if err := s.row(ctx, tx, "SELECT 1 FROM pages WHERE id = $1", id).Scan(&x); err != nil {
				return err
			}
			return errs.ErrStale
		} else if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
	if err != nil {
		return 0, err
	}
	return want + 1, nil
}

// PageDocument is a page with its document, for a site build.
type PageDocument struct {
	ID, Title, Slug string
	JSON            []byte
	Revision        int64
}

// SiteDocuments returns every page of a site with its document, oldest
// first.
func (s Pages) SiteDocuments(ctx context.Context, siteID string) ([]PageDocument, error) {
	rows, err := s.R.QueryContext(ctx, "SELECT id, title, slug, document, revision FROM pages WHERE site_id = $1 ORDER BY created_at, id", siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PageDocument
	for rows.Next() {
		var p PageDocument
		var doc string
		if err := rows.Scan(&p.ID, &p.Title, &p.Slug, &doc, &p.Revision); err != nil {
			return nil, err
		}
		p.JSON = []byte(doc)
		out = append(out, p)
	}
	return out, rows.Err()
}
