package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/jobs"
)

// Assets implements asset.Store.
type Assets struct{ *DB }

var _ asset.Store = Assets{}

const assetSelect = `SELECT id, site_id, name, content_type, size, width, height, alt, sha256, status, error, variants,
	created_at, created_by, updated_at FROM assets`

// storedVariant is a variant as kept in the variants column: the API's
// fields and the hash that is the variant's ETag.
type storedVariant struct {
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

func scanAsset(sc interface{ Scan(...any) error }) (asset.Asset, error) {
	var a asset.Asset
	var variants string
	err := sc.Scan(&a.ID, &a.SiteID, &a.Name, &a.ContentType, &a.Size, &a.Width, &a.Height, &a.Alt, &a.SHA256, &a.Status, &a.Error,
		&variants, &a.CreatedAt, &a.CreatedBy, &a.UpdatedAt)
	if err != nil {
		return asset.Asset{}, translate(err)
	}
	var vs []storedVariant
	if err := json.Unmarshal([]byte(variants), &vs); err != nil {
		return asset.Asset{}, err
	}
	a.Variants = make([]asset.ImageVariant, len(vs))
	for i, v := range vs {
		a.Variants[i] = asset.ImageVariant{Width: v.Width, Height: v.Height, ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256}
	}
	a.URL = asset.URL(a.ID)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

func variantsJSON(vs []asset.ImageVariant) (string, error) {
	out := make([]storedVariant, len(vs))
	for i, v := range vs {
		out[i] = storedVariant{Width: v.Width, Height: v.Height, ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// searchText is what q matches: the name and alt text, lower-cased here
// rather than by the database so that both databases fold case alike,
// beyond ASCII too.
func searchText(a asset.Asset) string { return strings.ToLower(a.Name + "\n" + a.Alt) }

// GetAsset returns one asset.
func (s Assets) GetAsset(ctx context.Context, id string) (asset.Asset, error) {
	return scanAsset(s.readRow(ctx, assetSelect+" WHERE id = $1", id))
}

// FindAssetBySHA returns the site's asset with that content.
func (s Assets) FindAssetBySHA(ctx context.Context, siteID, sha string) (asset.Asset, error) {
	return scanAsset(s.readRow(ctx, assetSelect+" WHERE site_id = $1 AND sha256 = $2", siteID, sha))
}

// ListAssets returns a page of a site's assets, newest first (ids are
// time-ordered UUIDv7), optionally those whose name or alt text contains
// f.Q in any case.
func (s Assets) ListAssets(ctx context.Context, siteID string, f asset.Filter) ([]asset.Asset, error) {
	q := assetSelect + " WHERE site_id = $1"
	args := []any{siteID}
	if f.BeforeID != "" {
		args = append(args, f.BeforeID)
		q += " AND id < $" + itoa(len(args))
	}
	if f.Q != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(f.Q))+"%")
		q += ` AND search LIKE $` + itoa(len(args)) + ` ESCAPE '\'`
	}
	args = append(args, f.Limit)
	rows, err := s.read(ctx, q+" ORDER BY id DESC LIMIT $"+itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []asset.Asset{}
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateAsset inserts an asset and, when it is processing, queues the job
// that makes its variants, with the audit entry, in one transaction.
func (s Assets) CreateAsset(ctx context.Context, a asset.Asset, e audit.Entry) error {
	variants, err := variantsJSON(a.Variants)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO assets (id, site_id, name, content_type, size, width, height, alt, search, sha256,
			status, error, variants, created_at, created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			a.ID, a.SiteID, a.Name, a.ContentType, a.Size, a.Width, a.Height, a.Alt, searchText(a), a.SHA256, a.Status, a.Error, variants,
			a.CreatedAt.UTC().Truncate(time.Microsecond), a.CreatedBy, a.UpdatedAt.UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		if a.Status == asset.StatusProcessing {
			if err := s.enqueue(ctx, tx, jobs.AssetVariants{AssetID: a.ID}); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UpdateAsset saves an asset's name and alt text.
func (s Assets) UpdateAsset(ctx context.Context, a asset.Asset, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "UPDATE assets SET name = $1, alt = $2, search = $3, updated_at = $4 WHERE id = $5",
			a.Name, a.Alt, searchText(a), a.UpdatedAt.UTC().Truncate(time.Microsecond), a.ID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteAsset removes an asset and queues the removal of its files, with
// the audit entry, in one transaction.
func (s Assets) DeleteAsset(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var siteID string
		if err := s.row(ctx, tx, "DELETE FROM assets WHERE id = $1 RETURNING site_id", id).Scan(&siteID); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, jobs.AssetPurge{SiteID: siteID, AssetID: id}); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// SetAssetVariants records the variants job's outcome. It is the system's
// own bookkeeping, not a user's change, so it is not audited.
func (s Assets) SetAssetVariants(ctx context.Context, id string, vs []asset.ImageVariant, status, reason string) error {
	variants, err := variantsJSON(vs)
	if err != nil {
		return err
	}
	return translate(affected(s.writeExec(ctx, "UPDATE assets SET variants = $1, status = $2, error = $3 WHERE id = $4",
		variants, status, reason, id)))
}
