package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/template"
)

// Templates implements template.Store. Search is SQLite FTS5 (the
// template_search table, kept in step here) or a PostgreSQL tsvector column
// (kept by PostgreSQL).
type Templates struct{ *DB }

var _ template.Store = Templates{}

const templateCols = `t.id, t.slug, t.name, t.description, t.category, t.tags, t.kind, t.visibility, t.builtin,
	t.author_id, COALESCE(u.name, ''), t.site_id, t.version, t.install_count, t.rating_avg, t.rating_count,
	t.thumbnail_key, t.thumbnail_version, t.created_at, t.updated_at, COALESCE(r.rating, 0)`

// templateFrom joins the author's name and the viewer's rating ($1).
const templateFrom = ` FROM templates t LEFT JOIN users u ON u.id = t.author_id
	LEFT JOIN template_reviews r ON r.template_id = t.id AND r.user_id = $1`

func scanTemplate(sc interface{ Scan(...any) error }) (template.Template, error) {
	var t template.Template
	var tags, authorID, authorName, siteID string
	var builtin int
	err := sc.Scan(&t.ID, &t.Slug, &t.Name, &t.Description, &t.Category, &tags, &t.Kind, &t.Visibility, &builtin,
		&authorID, &authorName, &siteID, &t.Version, &t.InstallCount, &t.RatingAvg, &t.RatingCount,
		&t.ThumbnailKey, &t.ThumbnailVersion, &t.CreatedAt, &t.UpdatedAt, &t.MyRating)
	if err != nil {
		return t, translate(err)
	}
	t.Builtin = builtin != 0
	if authorID != "" {
		t.Author = &template.Author{ID: authorID, Name: authorName}
	}
	if siteID != "" {
		t.SiteID = &siteID
	}
	t.Tags = []string{}
	_ = json.Unmarshal([]byte(tags), &t.Tags)
	return t, nil
}

// where builds the visibility, category, kind and search conditions of q;
// args continue after $1 (the viewer). rank is the relevance expression
// ("" without a search) and join any table the search needs.
func (s Templates) where(q template.Query, withCategory bool) (cond string, args []any, join, rank string) {
	args = []any{q.Viewer.UserID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	conds := []string{}
	vis := "t.visibility = 'organization' OR (t.author_id <> '' AND t.author_id = $1)"
	if q.Viewer.AllTeams {
		vis += " OR t.visibility = 'team'"
	} else if len(q.Viewer.Sites) > 0 {
		ph := make([]string, len(q.Viewer.Sites))
		for i, id := range q.Viewer.Sites {
			ph[i] = arg(id)
		}
		vis += " OR (t.visibility = 'team' AND t.site_id IN (" + strings.Join(ph, ", ") + "))"
	}
	conds = append(conds, "("+vis+")")
	if withCategory && q.Category != "" {
		conds = append(conds, "t.category = "+arg(q.Category))
	}
	if q.Kind != "" {
		conds = append(conds, "t.kind = "+arg(q.Kind))
	}
	if terms := template.SearchTerms(q.Q); terms != nil {
		if s.Dialect == Postgres {
			parts := make([]string, len(terms))
			for i, t := range terms {
				parts[i] = t + ":*"
			}
			p := arg(strings.Join(parts, " & "))
			conds = append(conds, "t.search @@ to_tsquery('english', "+p+")")
			rank = "ts_rank(t.search, to_tsquery('english', " + p + ")) DESC"
		} else {
			parts := make([]string, len(terms))
			for i, t := range terms {
				parts[i] = `"` + t + `"*`
			}
			join = " JOIN (SELECT template_id, bm25(template_search, 0, 10.0, 4.0, 3.0, 1.0) AS rank FROM template_search WHERE template_search MATCH " +
				arg(strings.Join(parts, " ")) + ") s ON s.template_id = t.id"
			rank = "s.rank"
		}
	}
	return " WHERE " + strings.Join(conds, " AND "), args, join, rank
}

// ListTemplates returns q.Limit templates from q.Offset, and whether there
// are more.
func (s Templates) ListTemplates(ctx context.Context, q template.Query) ([]template.Template, bool, error) {
	cond, args, join, rank := s.where(q, true)
	order := map[string]string{
		template.SortPopular: "t.install_count DESC, t.rating_avg DESC",
		template.SortRating:  "t.rating_avg DESC, t.rating_count DESC, t.install_count DESC",
		template.SortRecent:  "t.updated_at DESC",
		template.SortName:    "t.name",
	}[q.Sort]
	if q.Sort == template.SortRelevance && rank != "" {
		order = rank + ", t.install_count DESC"
	}
	if order == "" {
		order = "t.install_count DESC"
	}
	args = append(args, q.Limit+1, q.Offset)
	rows, err := s.read(ctx, "SELECT "+templateCols+templateFrom+join+cond+" ORDER BY "+order+", t.name, t.id LIMIT $"+itoa(len(args)-1)+" OFFSET $"+itoa(len(args)), args...)
	if err != nil {
		return nil, false, translate(err)
	}
	defer rows.Close()
	out := []template.Template{}
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, false, translate(err)
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// CategoryCounts counts the selected templates per category.
func (s Templates) CategoryCounts(ctx context.Context, q template.Query) (map[string]int, error) {
	cond, args, join, _ := s.where(q, false)
	rows, err := s.read(ctx, "SELECT t.category, COUNT(*) FROM templates t"+join+cond+" GROUP BY t.category", args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, translate(err)
		}
		out[c] = n
	}
	return out, translate(rows.Err())
}

// GetTemplate returns a template with viewerID's rating.
func (s Templates) GetTemplate(ctx context.Context, id, viewerID string) (template.Template, error) {
	return scanTemplate(s.readRow(ctx, "SELECT "+templateCols+templateFrom+" WHERE t.id = $2", viewerID, id))
}

// GetTemplateBySlug returns a template by its slug.
func (s Templates) GetTemplateBySlug(ctx context.Context, slug string) (template.Template, error) {
	return scanTemplate(s.readRow(ctx, "SELECT "+templateCols+templateFrom+" WHERE t.slug = $2", "", slug))
}

func tagsJSON(tags []string) string {
	if tags == nil {
		tags = []string{}
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

func (s Templates) index(ctx context.Context, tx *sql.Tx, t template.Template) error {
	if s.Dialect == Postgres {
		return nil
	}
	if _, err := s.exec(ctx, tx, "DELETE FROM template_search WHERE template_id = $1", t.ID); err != nil {
		return err
	}
	_, err := s.exec(ctx, tx, "INSERT INTO template_search (template_id, name, description, tags, category) VALUES ($1, $2, $3, $4, $5)",
		t.ID, t.Name, t.Description, strings.Join(t.Tags, " "), categoryLabel(t.Category))
	return err
}

func categoryLabel(slug string) string {
	for _, c := range template.Categories {
		if c.Slug == slug {
			return c.Label
		}
	}
	return slug
}

func (s Templates) insertVersion(ctx context.Context, tx *sql.Tx, v template.TemplateVersion) error {
	sv, _ := template.ParseSemVer(v.Version)
	author := ""
	if v.Author != nil {
		author = v.Author.ID
	}
	_, err := s.exec(ctx, tx, `INSERT INTO template_versions (template_id, version, major, minor, patch, notes, document, hash, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		v.TemplateID, v.Version, sv[0], sv[1], sv[2], v.Notes, string(v.Document), v.Hash, author, v.CreatedAt.UTC())
	return err
}

func (s Templates) audit(ctx context.Context, tx *sql.Tx, e *audit.Entry) error {
	if e == nil || e.Action == "" {
		return nil
	}
	return s.appendAudit(ctx, tx, e)
}

// CreateTemplate inserts a template with its first version.
func (s Templates) CreateTemplate(ctx context.Context, t template.Template, v template.TemplateVersion, e *audit.Entry) error {
	author, site := "", ""
	if t.Author != nil {
		author = t.Author.ID
	}
	if t.SiteID != nil {
		site = *t.SiteID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO templates (id, slug, name, description, category, tags, kind, visibility, builtin,
			author_id, site_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			t.ID, t.Slug, t.Name, t.Description, t.Category, tagsJSON(t.Tags), t.Kind, t.Visibility, boolInt(t.Builtin),
			author, site, t.Version, t.CreatedAt.UTC(), t.UpdatedAt.UTC()); err != nil {
			return err
		}
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		if err := s.index(ctx, tx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

// UpdateTemplate saves a template's details.
func (s Templates) UpdateTemplate(ctx context.Context, t template.Template, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, `UPDATE templates SET name = $1, description = $2, category = $3, tags = $4, visibility = $5,
			updated_at = $6 WHERE id = $7`, t.Name, t.Description, t.Category, tagsJSON(t.Tags), t.Visibility, t.UpdatedAt.UTC(), t.ID)); err != nil {
			return err
		}
		if err := s.index(ctx, tx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, &e)
	})
}

// DeleteTemplate removes a template, its versions, reviews and install
// records.
func (s Templates) DeleteTemplate(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{"DELETE FROM template_versions WHERE template_id = $1", "DELETE FROM template_reviews WHERE template_id = $1",
			"DELETE FROM template_installs WHERE template_id = $1"} {
			if _, err := s.exec(ctx, tx, q, id); err != nil {
				return err
			}
		}
		if s.Dialect != Postgres {
			if _, err := s.exec(ctx, tx, "DELETE FROM template_search WHERE template_id = $1", id); err != nil {
				return err
			}
		}
		if err := affected(s.exec(ctx, tx, "DELETE FROM templates WHERE id = $1", id)); err != nil {
			return err
		}
		return s.audit(ctx, tx, &e)
	})
}

// AddVersion inserts a version and makes it the current one.
func (s Templates) AddVersion(ctx context.Context, v template.TemplateVersion, e *audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		if err := affected(s.exec(ctx, tx, "UPDATE templates SET version = $1, updated_at = $2 WHERE id = $3", v.Version, v.CreatedAt.UTC(), v.TemplateID)); err != nil {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

const templateVersionSelect = `SELECT v.template_id, v.version, v.notes, v.document, v.hash, v.author_id, COALESCE(u.name, ''), v.created_at
	FROM template_versions v LEFT JOIN users u ON u.id = v.author_id`

func scanTemplateVersion(sc interface{ Scan(...any) error }) (template.TemplateVersion, error) {
	var v template.TemplateVersion
	var body, authorID, authorName string
	if err := sc.Scan(&v.TemplateID, &v.Version, &v.Notes, &body, &v.Hash, &authorID, &authorName, &v.CreatedAt); err != nil {
		return v, translate(err)
	}
	v.Document = json.RawMessage(body)
	if authorID != "" {
		v.Author = &template.Author{ID: authorID, Name: authorName}
	}
	return v, nil
}

// ListVersions lists a template's versions, newest first.
func (s Templates) ListVersions(ctx context.Context, templateID string) ([]template.TemplateVersion, error) {
	rows, err := s.read(ctx, templateVersionSelect+" WHERE v.template_id = $1 ORDER BY v.major DESC, v.minor DESC, v.patch DESC", templateID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []template.TemplateVersion{}
	for rows.Next() {
		v, err := scanTemplateVersion(rows)
		if err != nil {
			return nil, err
		}
		v.Document = nil // listings do not carry documents
		out = append(out, v)
	}
	return out, translate(rows.Err())
}

// GetVersion returns one version with its document.
func (s Templates) GetVersion(ctx context.Context, templateID, version string) (template.TemplateVersion, error) {
	return scanTemplateVersion(s.readRow(ctx, templateVersionSelect+" WHERE v.template_id = $1 AND v.version = $2", templateID, version))
}

// InstallTemplate creates the page and records the install.
func (s Templates) InstallTemplate(ctx context.Context, p template.NewPage, in template.Install, es []audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO pages (id, site_id, title, slug, status, document, revision, created_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, 'draft', $5, 1, $6, $6, $7)`, p.ID, p.SiteID, p.Title, p.Slug, string(p.Document), p.At.UTC(), p.By); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO template_installs (id, template_id, version, user_id, site_id, page_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, in.ID, in.TemplateID, in.Version, in.UserID, in.SiteID, in.PageID, in.At.UTC()); err != nil {
			return err
		}
		if err := affected(s.exec(ctx, tx, "UPDATE templates SET install_count = install_count + 1 WHERE id = $1", in.TemplateID)); err != nil {
			return err
		}
		for i := range es {
			if err := s.audit(ctx, tx, &es[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s Templates) recount(ctx context.Context, tx *sql.Tx, templateID string) error {
	_, err := s.exec(ctx, tx, `UPDATE templates SET
		rating_count = (SELECT COUNT(*) FROM template_reviews WHERE template_id = $1),
		rating_avg = COALESCE((SELECT AVG(rating) FROM template_reviews WHERE template_id = $1), 0) WHERE id = $1`, templateID)
	return err
}

const reviewSelect = `SELECT r.id, r.template_id, r.user_id, COALESCE(u.name, ''), r.rating, r.body, r.created_at, r.updated_at
	FROM template_reviews r LEFT JOIN users u ON u.id = r.user_id`

func scanReview(sc interface{ Scan(...any) error }) (template.Review, error) {
	var r template.Review
	err := sc.Scan(&r.ID, &r.TemplateID, &r.User.ID, &r.User.Name, &r.Rating, &r.Body, &r.CreatedAt, &r.UpdatedAt)
	return r, translate(err)
}

// PutReview saves a member's review (replacing theirs) and recounts the
// template's rating.
func (s Templates) PutReview(ctx context.Context, r template.Review, e audit.Entry) (template.Review, error) {
	var out template.Review
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO template_reviews (id, template_id, user_id, rating, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (template_id, user_id) DO UPDATE SET
			rating = excluded.rating, body = excluded.body, updated_at = excluded.updated_at`,
			r.ID, r.TemplateID, r.User.ID, r.Rating, r.Body, r.CreatedAt.UTC(), r.UpdatedAt.UTC()); err != nil {
			return err
		}
		if err := s.recount(ctx, tx, r.TemplateID); err != nil {
			return err
		}
		var err error
		if out, err = scanReview(s.row(ctx, tx, reviewSelect+" WHERE r.template_id = $1 AND r.user_id = $2", r.TemplateID, r.User.ID)); err != nil {
			return err
		}
		return s.audit(ctx, tx, &e)
	})
	return out, err
}

// DeleteReview deletes a member's review and recounts.
func (s Templates) DeleteReview(ctx context.Context, templateID, userID string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM template_reviews WHERE template_id = $1 AND user_id = $2", templateID, userID)); err != nil {
			return err
		}
		if err := s.recount(ctx, tx, templateID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &e)
	})
}

// ListReviews returns reviews, newest first.
func (s Templates) ListReviews(ctx context.Context, templateID string, offset, limit int) ([]template.Review, bool, error) {
	rows, err := s.read(ctx, reviewSelect+" WHERE r.template_id = $1 ORDER BY r.updated_at DESC, r.id LIMIT $2 OFFSET $3", templateID, limit+1, offset)
	if err != nil {
		return nil, false, translate(err)
	}
	defer rows.Close()
	out := []template.Review{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, translate(err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// GetReview returns one member's review of a template.
func (s Templates) GetReview(ctx context.Context, templateID, userID string) (template.Review, error) {
	return scanReview(s.readRow(ctx, reviewSelect+" WHERE r.template_id = $1 AND r.user_id = $2", templateID, userID))
}

// ReviewSummary counts a template's ratings.
func (s Templates) ReviewSummary(ctx context.Context, templateID string) (template.ReviewSummary, error) {
	var sum template.ReviewSummary
	rows, err := s.read(ctx, "SELECT rating, COUNT(*) FROM template_reviews WHERE template_id = $1 GROUP BY rating", templateID)
	if err != nil {
		return sum, translate(err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var rating, n int
		if err := rows.Scan(&rating, &n); err != nil {
			return sum, translate(err)
		}
		if rating >= 1 && rating <= 5 {
			sum.Histogram[rating-1] = n
			sum.Count += n
			total += rating * n
		}
	}
	if sum.Count > 0 {
		sum.Avg = float64(total) / float64(sum.Count)
	}
	return sum, translate(rows.Err())
}

// SetThumbnail records the thumbnail of a template version.
func (s Templates) SetThumbnail(ctx context.Context, templateID, version, key string) error {
	_, err := s.writeExec(ctx, "UPDATE templates SET thumbnail_key = $1, thumbnail_version = $2 WHERE id = $3", key, version, templateID)
	return translate(err)
}

// MissingThumbnails lists templates whose current version has no
// thumbnail yet.
func (s Templates) MissingThumbnails(ctx context.Context, limit int) ([]template.Template, error) {
	rows, err := s.read(ctx, "SELECT "+templateCols+templateFrom+" WHERE t.thumbnail_version <> t.version ORDER BY t.builtin DESC, t.updated_at LIMIT $2", "", limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []template.Template{}
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, translate(rows.Err())
}
