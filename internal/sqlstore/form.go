package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/jobs"
)

// Forms implements form.Store.
type Forms struct{ *DB }

var _ form.Store = Forms{}

// SaveDefinitions stores the forms of a build's artifact (a retried build
// replaces what an earlier attempt stored).
func (s Forms) SaveDefinitions(ctx context.Context, siteID, artifactHash string, defs []form.Definition, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, "DELETE FROM form_definitions WHERE artifact_hash = $1", artifactHash); err != nil {
			return err
		}
		for _, d := range defs {
			b, err := json.Marshal(d)
			if err != nil {
				return err
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO form_definitions (site_id, artifact_hash, form_id, page_path, definition, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, siteID, artifactHash, d.FormID, d.PagePath, string(b), at.UTC().Truncate(time.Microsecond)); err != nil {
				return err
			}
		}
		return nil
	})
}

func scanDefinitions(rows *sql.Rows, err error) ([]form.Definition, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []form.Definition
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var d form.Definition
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Definitions returns a form's definitions in the artifact a deployment
// serves, by page path.
func (s Forms) Definitions(ctx context.Context, deploymentID, formID string) ([]form.Definition, error) {
	return scanDefinitions(s.read(ctx, `SELECT f.definition FROM deployments d
		JOIN form_definitions f ON f.artifact_hash = d.artifact_hash AND f.site_id = d.site_id
		WHERE d.id = $1 AND f.form_id = $2 ORDER BY f.page_path`, deploymentID, formID))
}

// FormKnown reports whether any build of the site had the form.
func (s Forms) FormKnown(ctx context.Context, siteID, formID string) (bool, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM form_definitions WHERE site_id = $1 AND form_id = $2", siteID, formID).Scan(&n)
	return n > 0, err
}

// Summaries lists the site's forms: the definitions of each form's newest
// build, its submission count and latest submission, and its settings.
func (s Forms) Summaries(ctx context.Context, siteID string) ([]form.Summary, error) {
	defs, err := scanDefinitions(s.read(ctx, `SELECT f.definition FROM form_definitions f WHERE f.site_id = $1
		AND f.created_at = (SELECT MAX(g.created_at) FROM form_definitions g WHERE g.site_id = f.site_id AND g.form_id = f.form_id)
		ORDER BY f.form_id, f.page_path`, siteID))
	if err != nil {
		return nil, err
	}
	byForm := map[string][]form.Definition{}
	var ids []string
	for _, d := range defs {
		if _, ok := byForm[d.FormID]; !ok {
			ids = append(ids, d.FormID)
		}
		byForm[d.FormID] = append(byForm[d.FormID], d)
	}
	counts, err := s.counts(ctx, siteID)
	if err != nil {
		return nil, err
	}
	settings, err := s.siteSettings(ctx, siteID)
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	out := make([]form.Summary, 0, len(ids))
	for _, id := range ids {
		u := form.Union(byForm[id])
		sm := form.Summary{FormID: id, Label: u.Label, Pages: []string{}, Fields: u.Infos(), Settings: form.Settings{FormID: id}}
		for _, d := range byForm[id] {
			sm.Pages = append(sm.Pages, d.PagePath)
		}
		if c, ok := counts[id]; ok {
			sm.Submissions = c.n
			if c.n > 0 {
				last, err := s.lastSubmission(ctx, siteID, id)
				if err != nil {
					return nil, err
				}
				sm.LastSubmissionAt = &last
			}
		}
		if st, ok := settings[id]; ok {
			sm.Settings = st
		}
		out = append(out, sm)
	}
	return out, nil
}

type formCount struct{ n int }

func (s Forms) counts(ctx context.Context, siteID string) (map[string]formCount, error) {
	rows, err := s.read(ctx, "SELECT form_id, COUNT(*) FROM form_submissions WHERE site_id = $1 GROUP BY form_id", siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]formCount{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = formCount{n}
	}
	return out, rows.Err()
}

// lastSubmission is read by row rather than with MAX(created_at), which
// SQLite would return as text.
func (s Forms) lastSubmission(ctx context.Context, siteID, formID string) (time.Time, error) {
	var at time.Time
	err := s.readRow(ctx, "SELECT created_at FROM form_submissions WHERE site_id = $1 AND form_id = $2 ORDER BY id DESC LIMIT 1",
		siteID, formID).Scan(&at)
	return at.UTC(), translate(err)
}

const formSettingsSelect = "SELECT form_id, success_message, redirect_url, updated_at, updated_by FROM form_settings"

func scanSettings(sc interface{ Scan(...any) error }) (form.Settings, error) {
	var st form.Settings
	var at time.Time
	if err := sc.Scan(&st.FormID, &st.SuccessMessage, &st.RedirectURL, &at, &st.UpdatedBy); err != nil {
		return form.Settings{}, translate(err)
	}
	at = at.UTC()
	st.UpdatedAt = &at
	return st, nil
}

func (s Forms) siteSettings(ctx context.Context, siteID string) (map[string]form.Settings, error) {
	rows, err := s.read(ctx, formSettingsSelect+" WHERE site_id = $1", siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]form.Settings{}
	for rows.Next() {
		st, err := scanSettings(rows)
		if err != nil {
			return nil, err
		}
		out[st.FormID] = st
	}
	return out, rows.Err()
}

// Settings returns a form's settings, or errs.ErrNoRows.
func (s Forms) Settings(ctx context.Context, siteID, formID string) (form.Settings, error) {
	return scanSettings(s.readRow(ctx, formSettingsSelect+" WHERE site_id = $1 AND form_id = $2", siteID, formID))
}

// PutSettings saves a form's settings with the audit entry.
func (s Forms) PutSettings(ctx context.Context, siteID string, st form.Settings, e audit.Entry) error {
	at := time.Now().UTC()
	if st.UpdatedAt != nil {
		at = st.UpdatedAt.UTC()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO form_settings (site_id, form_id, success_message, redirect_url, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site_id, form_id) DO UPDATE SET success_message = excluded.success_message,
			redirect_url = excluded.redirect_url, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			siteID, st.FormID, st.SuccessMessage, st.RedirectURL, at.Truncate(time.Microsecond), st.UpdatedBy); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// CreateSubmission stores a submission and queues its form.submitted
// event, in one transaction. Visitors are not actors: it is counted, not
// audited.
func (s Forms) CreateSubmission(ctx context.Context, r form.Record) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO form_submissions (id, site_id, environment_id, form_id, deployment_id, page_path, data,
			ip_hash, user_agent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			r.ID, r.SiteID, r.EnvironmentID, r.FormID, r.DeploymentID, r.PagePath, r.Sealed, r.IPHash, r.UserAgent,
			r.CreatedAt.UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, jobs.FormSubmitted{SubmissionID: r.ID, SiteID: r.SiteID, FormID: r.FormID})
	})
}

const submissionSelect = `SELECT s.id, s.site_id, s.environment_id, COALESCE(e.slug, ''), s.form_id, s.deployment_id, s.page_path, s.data,
	s.ip_hash, s.user_agent, s.created_at FROM form_submissions s LEFT JOIN environments e ON e.id = s.environment_id`

func scanRecord(sc interface{ Scan(...any) error }) (form.Record, error) {
	var r form.Record
	err := sc.Scan(&r.ID, &r.SiteID, &r.EnvironmentID, &r.Environment, &r.FormID, &r.DeploymentID, &r.PagePath, &r.Sealed,
		&r.IPHash, &r.UserAgent, &r.CreatedAt)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, translate(err)
}

// ListSubmissions returns a page of a form's submissions, newest first
// (ids are time-ordered UUIDv7).
func (s Forms) ListSubmissions(ctx context.Context, siteID, formID string, f form.Filter) ([]form.Record, error) {
	q := submissionSelect + " WHERE s.site_id = $1 AND s.form_id = $2"
	args := []any{siteID, formID}
	if f.Environment != "" {
		args = append(args, f.Environment)
		q += " AND (e.slug = $" + itoa(len(args)) + " OR s.environment_id = $" + itoa(len(args)) + ")"
	}
	if f.BeforeID != "" {
		args = append(args, f.BeforeID)
		q += " AND s.id < $" + itoa(len(args))
	}
	args = append(args, f.Limit)
	rows, err := s.read(ctx, q+" ORDER BY s.id DESC LIMIT $"+itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []form.Record{}
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetSubmission returns one stored submission.
func (s Forms) GetSubmission(ctx context.Context, id string) (form.Record, error) {
	return scanRecord(s.readRow(ctx, submissionSelect+" WHERE s.id = $1", id))
}

// DeleteSubmission removes a submission with the audit entry.
func (s Forms) DeleteSubmission(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM form_submissions WHERE id = $1", id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ResealSubmissions re-seals every submission with reseal (key
// rotation), all in one transaction: a failure changes none.
func (s Forms) ResealSubmissions(ctx context.Context, reseal func(form.Record) (string, error)) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, "SELECT id, data FROM form_submissions ORDER BY id")
		if err != nil {
			return err
		}
		var recs []form.Record
		for rows.Next() {
			var r form.Record
			if err := rows.Scan(&r.ID, &r.Sealed); err != nil {
				rows.Close()
				return err
			}
			recs = append(recs, r)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, r := range recs {
			sealed, err := reseal(r)
			if err != nil {
				return err
			}
			if _, err := s.exec(ctx, tx, "UPDATE form_submissions SET data = $1 WHERE id = $2", sealed, r.ID); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
