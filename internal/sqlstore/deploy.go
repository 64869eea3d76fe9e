package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/jobs"
)

// Deployments implements deploy.Store.
type Deployments struct{ *DB }

var _ deploy.Store = Deployments{}

const deploySelect = `SELECT d.id, d.site_id, d.environment_id, e.slug, d.kind, d.source_deployment_id, d.status, d.stages, d.progress,
	d.artifact_hash, d.manifest_hash, d.stats, d.message, d.error, d.triggered_by, COALESCE(u.name, ''), d.approval,
	d.created_at, d.started_at, d.finished_at
	FROM deployments d JOIN environments e ON e.id = d.environment_id LEFT JOIN users u ON u.id = d.triggered_by`

func scanDeployment(sc interface{ Scan(...any) error }) (deploy.Deployment, error) {
	var d deploy.Deployment
	var stages, stats, by, byName, approval string
	var started, finished sql.NullTime
	err := sc.Scan(&d.ID, &d.SiteID, &d.EnvironmentID, &d.Environment, &d.Kind, &d.SourceDeploymentID, &d.Status, &stages, &d.Progress,
		&d.ArtifactHash, &d.ManifestHash, &stats, &d.Message, &d.Error, &by, &byName, &approval, &d.CreatedAt, &started, &finished)
	if err != nil {
		return d, translate(err)
	}
	if err := json.Unmarshal([]byte(stages), &d.Stages); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(stats), &d.Stats); err != nil {
		return d, err
	}
	if approval != "" {
		d.Approval = &deploy.Approval{}
		if err := json.Unmarshal([]byte(approval), d.Approval); err != nil {
			return d, err
		}
	}
	if by != "" {
		d.TriggeredBy = &deploy.Deployer{ID: by, Name: byName}
	}
	d.CreatedAt = d.CreatedAt.UTC()
	if started.Valid {
		t := started.Time.UTC()
		d.StartedAt = &t
	}
	if finished.Valid {
		t := finished.Time.UTC()
		d.FinishedAt = &t
	}
	return d, nil
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func (s Deployments) insert(ctx context.Context, tx *sql.Tx, d deploy.Deployment) error {
	stages, err := json.Marshal(d.Stages)
	if err != nil {
		return err
	}
	stats, err := json.Marshal(d.Stats)
	if err != nil {
		return err
	}
	by := ""
	if d.TriggeredBy != nil {
		by = d.TriggeredBy.ID
	}
	_, err = s.exec(ctx, tx, `INSERT INTO deployments (id, site_id, environment_id, kind, source_deployment_id, status, stages, progress,
		artifact_hash, manifest_hash, stats, message, error, triggered_by, created_at, started_at, finished_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		d.ID, d.SiteID, d.EnvironmentID, d.Kind, d.SourceDeploymentID, d.Status, string(stages), d.Progress, d.ArtifactHash, d.ManifestHash,
		string(stats), d.Message, d.Error, by, d.CreatedAt.UTC(), utcPtr(d.StartedAt), utcPtr(d.FinishedAt))
	return translate(err)
}

// CreateDeployment inserts a deployment, and its job when it is queued.
func (s Deployments) CreateDeployment(ctx context.Context, d deploy.Deployment, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insert(ctx, tx, d); err != nil {
			return err
		}
		if d.Status == deploy.StatusQueued {
			if err := s.enqueue(ctx, tx, jobs.SiteDeploy{DeploymentID: d.ID}); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// GetDeployment returns one deployment.
func (s Deployments) GetDeployment(ctx context.Context, id string) (deploy.Deployment, error) {
	return scanDeployment(s.R.QueryRowContext(ctx, deploySelect+" WHERE d.id = $1", id))
}

// ListDeployments returns an environment's deployments, newest first.
func (s Deployments) ListDeployments(ctx context.Context, envID, before string, limit int) ([]deploy.Deployment, error) {
	q := deploySelect + " WHERE d.environment_id = $1"
	args := []any{envID}
	if before != "" {
		q += " AND d.id < $2"
		args = append(args, before)
	}
	q += " ORDER BY d.id DESC LIMIT " + itoa(limit)
	rows, err := s.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []deploy.Deployment{}
	for rows.Next() {
		d, err := scanDeployment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveProgress stores a running deployment's state.
func (s Deployments) SaveProgress(ctx context.Context, d deploy.Deployment) error {
	stages, err := json.Marshal(d.Stages)
	if err != nil {
		return err
	}
	stats, err := json.Marshal(d.Stats)
	if err != nil {
		return err
	}
	_, err = s.writeExec(ctx, `UPDATE deployments SET status = $1, stages = $2, progress = $3, artifact_hash = $4, manifest_hash = $5,
		stats = $6, error = $7, started_at = $8, finished_at = $9, heartbeat_at = $10 WHERE id = $11 AND status NOT IN ('success', 'rejected')`,
		d.Status, string(stages), d.Progress, d.ArtifactHash, d.ManifestHash, string(stats), d.Error, utcPtr(d.StartedAt), utcPtr(d.FinishedAt),
		time.Now().UTC(), d.ID)
	return err
}

// Heartbeat records that a running deployment's runner is alive.
func (s Deployments) Heartbeat(ctx context.Context, id string) error {
	_, err := s.writeExec(ctx, `UPDATE deployments SET heartbeat_at = $1 WHERE id = $2
		AND status IN ('building', 'optimizing', 'deploying', 'verifying')`, time.Now().UTC(), id)
	return err
}

// AppendLog adds a log line.
func (s Deployments) AppendLog(ctx context.Context, id string, l deploy.LogLine) error {
	_, err := s.writeExec(ctx, `INSERT INTO deployment_logs (deployment_id, seq, at, level, stage, message) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, l.Seq, l.At.UTC(), l.Level, l.Stage, l.Message)
	return err
}

// Logs returns a deployment's log lines after seq.
func (s Deployments) Logs(ctx context.Context, id string, afterSeq, limit int) ([]deploy.LogLine, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT seq, at, level, stage, message FROM deployment_logs WHERE deployment_id = $1 AND seq > $2
		ORDER BY seq LIMIT `+itoa(limit), id, afterSeq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []deploy.LogLine{}
	for rows.Next() {
		var l deploy.LogLine
		if err := rows.Scan(&l.Seq, &l.At, &l.Level, &l.Stage, &l.Message); err != nil {
			return nil, err
		}
		l.At = l.At.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// Activate flips the environment's pointer to the deployment, copies the
// deployment's pages into the environment's page state and stores the
// deployment (inserting it when it is new, as a rollback's is).
func (s Deployments) Activate(ctx context.Context, d deploy.Deployment, pagesOf string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := s.row(ctx, tx, "SELECT COUNT(*) FROM deployments WHERE id = $1", d.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := s.insert(ctx, tx, d); err != nil {
				return err
			}
			if pagesOf != d.ID {
				if _, err := s.exec(ctx, tx, `INSERT INTO deployment_pages (deployment_id, page_id, title, path, version_id, version_number, doc_hash)
					SELECT $1, page_id, title, path, version_id, version_number, doc_hash FROM deployment_pages WHERE deployment_id = $2`, d.ID, pagesOf); err != nil {
					return err
				}
			}
		} else {
			stages, err := json.Marshal(d.Stages)
			if err != nil {
				return err
			}
			stats, err := json.Marshal(d.Stats)
			if err != nil {
				return err
			}
			if err := affected(s.exec(ctx, tx, `UPDATE deployments SET status = $1, stages = $2, progress = $3, artifact_hash = $4,
				manifest_hash = $5, stats = $6, error = '', started_at = $7, finished_at = $8 WHERE id = $9 AND status = $10`,
				deploy.StatusSuccess, string(stages), 100, d.ArtifactHash, d.ManifestHash, string(stats), utcPtr(d.StartedAt), utcPtr(d.FinishedAt),
				d.ID, deploy.StatusVerifying)); err != nil {
				if err == errs.ErrNoRows {
					return errs.ErrStale // failed meanwhile (a restart): nothing goes live
				}
				return err
			}
		}
		if err := affected(s.exec(ctx, tx, "UPDATE environments SET live_deployment_id = $1 WHERE id = $2", d.ID, d.EnvironmentID)); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, "DELETE FROM page_environment_state WHERE environment_id = $1", d.EnvironmentID); err != nil {
			return err
		}
		by := ""
		if d.TriggeredBy != nil {
			by = d.TriggeredBy.ID
		}
		at := d.CreatedAt.UTC()
		if d.FinishedAt != nil {
			at = d.FinishedAt.UTC()
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO page_environment_state (page_id, environment_id, title, path, version_id, version_number,
			doc_hash, deployment_id, published_at, published_by)
			SELECT page_id, $1, title, path, version_id, version_number, doc_hash, $2, $3, $4 FROM deployment_pages WHERE deployment_id = $2`,
			d.EnvironmentID, d.ID, at, by); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// Decide records an approval decision on a pending deployment.
func (s Deployments) Decide(ctx context.Context, id string, a deploy.Approval, status string, e audit.Entry) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		finished := any(nil)
		if status == deploy.StatusRejected {
			finished = a.At.UTC()
		}
		err := affected(s.exec(ctx, tx, "UPDATE deployments SET status = $1, approval = $2, finished_at = $3 WHERE id = $4 AND status = $5",
			status, string(b), finished, id, deploy.StatusPendingApproval))
		if err == errs.ErrNoRows {
			return errs.ErrStale
		} else if err != nil {
			return err
		}
		if status == deploy.StatusQueued {
			if err := s.enqueue(ctx, tx, jobs.SiteDeploy{DeploymentID: id}); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// SavePages records the pages a deployment holds.
func (s Deployments) SavePages(ctx context.Context, id string, pages []deploy.PageState) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, "DELETE FROM deployment_pages WHERE deployment_id = $1", id); err != nil {
			return err
		}
		for _, p := range pages {
			if _, err := s.exec(ctx, tx, `INSERT INTO deployment_pages (deployment_id, page_id, title, path, version_id, version_number, doc_hash)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, p.PageID, p.Title, p.Path, p.VersionID, p.VersionNo, p.DocHash); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeploymentPages returns the pages a deployment holds, by path.
func (s Deployments) DeploymentPages(ctx context.Context, id string) ([]deploy.PageState, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT page_id, title, path, version_id, version_number, doc_hash FROM deployment_pages
		WHERE deployment_id = $1 ORDER BY path`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []deploy.PageState{}
	for rows.Next() {
		p := deploy.PageState{DeploymentID: id}
		if err := rows.Scan(&p.PageID, &p.Title, &p.Path, &p.VersionID, &p.VersionNo, &p.DocHash); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PageStates returns what an environment serves, by path.
func (s Deployments) PageStates(ctx context.Context, envID string) ([]deploy.PageState, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT page_id, title, path, version_id, version_number, doc_hash, deployment_id, published_at, published_by
		FROM page_environment_state WHERE environment_id = $1 ORDER BY path`, envID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []deploy.PageState{}
	for rows.Next() {
		var p deploy.PageState
		if err := rows.Scan(&p.PageID, &p.Title, &p.Path, &p.VersionID, &p.VersionNo, &p.DocHash, &p.DeploymentID, &p.PublishedAt, &p.PublishedBy); err != nil {
			return nil, err
		}
		p.PublishedAt = p.PublishedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// FailUnfinished marks running deployments failed: every one when
// silentSince is zero, otherwise those whose runner has not saved progress
// since then.
func (s Deployments) FailUnfinished(ctx context.Context, reason string, at, silentSince time.Time) (int, error) {
	q := `UPDATE deployments SET status = 'failed', error = $1, finished_at = $2
		WHERE status IN ('building', 'optimizing', 'deploying', 'verifying')`
	args := []any{reason, at.UTC()}
	if !silentSince.IsZero() {
		q += " AND (heartbeat_at IS NULL OR heartbeat_at < $3)"
		args = append(args, silentSince.UTC())
	}
	res, err := s.writeExec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ObjectRoots returns the manifests (artifacts and environment manifests)
// of every deployment that is live, could be rolled back to, or has not
// finished yet — whatever a garbage collection of the site objects must
// keep with everything they list — and how many deployments are running
// right now.
func (s Deployments) ObjectRoots(ctx context.Context) (roots []string, running int, err error) {
	rows, err := s.R.QueryContext(ctx, `SELECT artifact_hash, manifest_hash, status FROM deployments WHERE status NOT IN ('failed', 'rejected')`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var a, m, status string
		if err := rows.Scan(&a, &m, &status); err != nil {
			return nil, 0, err
		}
		for _, h := range []string{a, m} {
			if h != "" && !seen[h] {
				seen[h] = true
				roots = append(roots, h)
			}
		}
		switch status {
		case deploy.StatusBuilding, deploy.StatusOptimizing, deploy.StatusDeploying, deploy.StatusVerifying:
			running++
		}
	}
	return roots, running, rows.Err()
}

// FailOrphaned marks failed the queued deployments whose job will never
// run: it is gone, finished, or (with deadToo, on a single instance that
// is starting) was running in a process that died before the deployment
// left the queue. Without deadToo only deployments queued before
// queuedBefore are considered, so a job being inserted right now is never
// mistaken for a missing one.
func (s Deployments) FailOrphaned(ctx context.Context, reason string, at, queuedBefore time.Time, deadToo bool) (int, error) {
	arg := "json_extract(j.args, '$.deploymentId')"
	if s.Dialect == Postgres {
		arg = "j.args->>'deploymentId'"
	}
	waiting := "'available', 'scheduled', 'retryable', 'pending'"
	if !deadToo {
		waiting += ", 'running'"
	}
	q := `UPDATE deployments SET status = 'failed', error = $1, finished_at = $2
		WHERE status = 'queued' AND created_at < $3 AND NOT EXISTS (
			SELECT 1 FROM river_job j WHERE j.kind = 'site.deploy' AND j.state IN (` + waiting + `) AND ` + arg + ` = deployments.id)`
	res, err := s.writeExec(ctx, q, reason, at.UTC(), queuedBefore.UTC())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
