package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/errs"
)

// Environments implements environment.Store.
type Environments struct{ *DB }

var _ environment.Store = Environments{}

const envSelect = `SELECT id, site_id, slug, name, kind, config, access_mode, access_roles, requires_approval,
	COALESCE(domain, ''), position, live_deployment_id, created_at, updated_at FROM environments`

func scanEnvironment(sc interface{ Scan(...any) error }) (environment.Environment, error) {
	var e environment.Environment
	var config, roles string
	var approval int
	err := sc.Scan(&e.ID, &e.SiteID, &e.Slug, &e.Name, &e.Kind, &config, &e.Access.Mode, &roles, &approval, &e.Domain, &e.Position,
		&e.LiveDeploymentID, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return e, translate(err)
	}
	if err := json.Unmarshal([]byte(config), &e.Config); err != nil {
		return e, err
	}
	if e.Config.APIBaseURLs == nil {
		e.Config.APIBaseURLs = map[string]string{}
	}
	if e.Config.Features == nil {
		e.Config.Features = map[string]bool{}
	}
	e.Access.Roles = []string{}
	if roles != "" {
		e.Access.Roles = strings.Split(roles, ",")
	}
	e.RequiresApproval = approval != 0
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ListEnvironments returns a site's environments in their order.
func (s Environments) ListEnvironments(ctx context.Context, siteID string) ([]environment.Environment, error) {
	rows, err := s.R.QueryContext(ctx, envSelect+" WHERE site_id = $1 ORDER BY position, created_at", siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []environment.Environment
	for rows.Next() {
		e, err := scanEnvironment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// GetEnvironment returns one environment.
func (s Environments) GetEnvironment(ctx context.Context, id string) (environment.Environment, error) {
	return scanEnvironment(s.R.QueryRowContext(ctx, envSelect+" WHERE id = $1", id))
}

// CreateEnvironments inserts environments with the audit entry.
func (s Environments) CreateEnvironments(ctx context.Context, envs []environment.Environment, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, env := range envs {
			config, err := json.Marshal(env.Config)
			if err != nil {
				return err
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO environments (id, site_id, slug, name, kind, config, access_mode, access_roles,
				requires_approval, domain, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
				env.ID, env.SiteID, env.Slug, env.Name, env.Kind, string(config), env.Access.Mode, strings.Join(env.Access.Roles, ","),
				boolInt(env.RequiresApproval), nullString(env.Domain), env.Position, env.CreatedAt.UTC(), env.UpdatedAt.UTC()); err != nil {
				return translate(err)
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UpdateEnvironment saves an environment's editable fields.
func (s Environments) UpdateEnvironment(ctx context.Context, env environment.Environment, e audit.Entry) error {
	config, err := json.Marshal(env.Config)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := affected(s.exec(ctx, tx, `UPDATE environments SET name = $1, config = $2, access_mode = $3, access_roles = $4,
			requires_approval = $5, domain = $6, updated_at = $7 WHERE id = $8`,
			env.Name, string(config), env.Access.Mode, strings.Join(env.Access.Roles, ","), boolInt(env.RequiresApproval),
			nullString(env.Domain), env.UpdatedAt.UTC(), env.ID))
		if err != nil {
			return translate(err)
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteEnvironment removes an environment with its secrets and deployments.
func (s Environments) DeleteEnvironment(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM environments WHERE id = $1", id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ListSecrets returns an environment's sealed secrets by name.
func (s Environments) ListSecrets(ctx context.Context, envID string) ([]environment.Secret, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT environment_id, name, sealed, updated_at, updated_by FROM environment_secrets
		WHERE environment_id = $1 ORDER BY name`, envID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []environment.Secret{}
	for rows.Next() {
		var x environment.Secret
		if err := rows.Scan(&x.EnvironmentID, &x.Name, &x.Sealed, &x.UpdatedAt, &x.UpdatedBy); err != nil {
			return nil, err
		}
		x.UpdatedAt = x.UpdatedAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}

// PutSecret inserts or replaces a secret.
func (s Environments) PutSecret(ctx context.Context, x environment.Secret, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO environment_secrets (environment_id, name, sealed, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (environment_id, name) DO UPDATE SET sealed = $3, updated_at = $4, updated_by = $5`,
			x.EnvironmentID, x.Name, x.Sealed, x.UpdatedAt.UTC(), x.UpdatedBy); err != nil {
			return translate(err)
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteSecret removes a secret (errs.ErrNoRows if there is none).
func (s Environments) DeleteSecret(ctx context.Context, envID, name string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM environment_secrets WHERE environment_id = $1 AND name = $2", envID, name)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// RotateSecrets re-seals every secret in one transaction: a secret that
// does not open rolls everything back.
func (s Environments) RotateSecrets(ctx context.Context, reseal func(environment.Secret) (string, error), e audit.Entry) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT environment_id, name, sealed, updated_at, updated_by FROM environment_secrets ORDER BY environment_id, name")
		if err != nil {
			return err
		}
		var all []environment.Secret
		for rows.Next() {
			var x environment.Secret
			if err := rows.Scan(&x.EnvironmentID, &x.Name, &x.Sealed, &x.UpdatedAt, &x.UpdatedBy); err != nil {
				rows.Close()
				return err
			}
			all = append(all, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, x := range all {
			sealed, err := reseal(x)
			if err != nil {
				return err
			}
			if _, err := s.exec(ctx, tx, "UPDATE environment_secrets SET sealed = $1 WHERE environment_id = $2 AND name = $3",
				sealed, x.EnvironmentID, x.Name); err != nil {
				return err
			}
		}
		n = len(all)
		if e.Changes == nil {
			e.Changes = &audit.Changes{}
		}
		e.Changes.After = map[string]any{"secrets": n}
		return s.appendAudit(ctx, tx, &e)
	})
	return n, err
}

// SiteEnvironmentInfo is one environment as the site server needs it.
type SiteEnvironmentInfo struct {
	SiteID, SiteSlug, EnvID, EnvSlug, Kind, Domain, AccessMode, AccessRoles string
	DeploymentID, ManifestHash                                              string
}

// LiveEnvironments lists every environment with a live deployment, for
// the site server's routing table.
func (s Environments) LiveEnvironments(ctx context.Context) ([]SiteEnvironmentInfo, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT e.site_id, s.slug, e.id, e.slug, e.kind, COALESCE(e.domain, ''), e.access_mode, e.access_roles,
		d.id, d.manifest_hash FROM environments e JOIN sites s ON s.id = e.site_id JOIN deployments d ON d.id = e.live_deployment_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SiteEnvironmentInfo
	for rows.Next() {
		var x SiteEnvironmentInfo
		if err := rows.Scan(&x.SiteID, &x.SiteSlug, &x.EnvID, &x.EnvSlug, &x.Kind, &x.Domain, &x.AccessMode, &x.AccessRoles,
			&x.DeploymentID, &x.ManifestHash); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SiteInfo returns a site's name and slug.
func (s Sites) SiteInfo(ctx context.Context, id string) (name, slug string, err error) {
	err = s.R.QueryRowContext(ctx, "SELECT name, slug FROM sites WHERE id = $1", id).Scan(&name, &slug)
	if err == sql.ErrNoRows {
		return "", "", errs.ErrNoRows
	}
	return name, slug, err
}

// SiteIDBySlug returns the id of the site with that slug.
func (s Sites) SiteIDBySlug(ctx context.Context, slug string) (string, error) {
	var id string
	err := s.R.QueryRowContext(ctx, "SELECT id FROM sites WHERE slug = $1", slug).Scan(&id)
	if err == sql.ErrNoRows {
		return "", errs.ErrNoRows
	}
	return id, err
}
