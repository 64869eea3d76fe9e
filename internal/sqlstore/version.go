package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/version"
)

// Versions implements version.Store.
type Versions struct{ *DB }

var _ version.Store = Versions{}

const versionSelect = `SELECT v.id, v.page_id, v.number, v.branch, v.kind, v.message, v.parent_id, v.source_id,
	v.author_id, COALESCE(u.name, ''), v.content_hash, v.size, v.created_at
	FROM page_versions v LEFT JOIN users u ON u.id = v.author_id`

func scanVersion(sc interface{ Scan(...any) error }) (version.Version, error) {
	var v version.Version
	var authorID, authorName string
	err := sc.Scan(&v.ID, &v.PageID, &v.Number, &v.Branch, &v.Kind, &v.Message, &v.ParentID, &v.SourceID,
		&authorID, &authorName, &v.Hash, &v.Size, &v.CreatedAt)
	if authorID != "" {
		v.Author = &version.Person{ID: authorID, Name: authorName}
	}
	v.CreatedAt = v.CreatedAt.UTC()
	v.Tags = []string{}
	return v, translate(err)
}

// lockPage serialises a page's history writes: PostgreSQL locks the page
// row (as a document save does), SQLite has a single writer anyway. It
// returns errs.ErrNoRows if the page is gone.
func (s Versions) lockPage(ctx context.Context, tx *sql.Tx, pageID string) error {
	q := "SELECT id FROM pages WHERE id = $1"
	if s.Dialect == Postgres {
		q += " FOR UPDATE"
	}
	var id string
	return s.row(ctx, tx, q, pageID).Scan(&id)
}

// ListVersions returns a page's versions matching f, newest first.
func (s Versions) ListVersions(ctx context.Context, pageID string, f version.Filter) ([]version.Version, error) {
	q := versionSelect + " WHERE v.page_id = $1"
	args := []any{pageID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Kind != "" {
		add("v.kind = ?", f.Kind)
	}
	if f.Branch != "" {
		add("v.branch = ?", f.Branch)
	}
	if f.Tag != "" {
		add("EXISTS (SELECT 1 FROM version_tags t WHERE t.version_id = v.id AND t.tag = ?)", f.Tag)
	}
	if f.BeforeNumber > 0 {
		add("v.number < ?", f.BeforeNumber)
	}
	args = append(args, f.Limit)
	q += " ORDER BY v.number DESC LIMIT $" + strconv.Itoa(len(args))
	rows, err := s.read(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []version.Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	tags, err := s.pageTags(ctx, pageID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if t := tags[out[i].ID]; t != nil {
			out[i].Tags = t
		}
	}
	return out, nil
}

// pageTags returns the tags of a page's versions by version id.
func (s Versions) pageTags(ctx context.Context, pageID string) (map[string][]string, error) {
	rows, err := s.read(ctx, "SELECT version_id, tag FROM version_tags WHERE page_id = $1 ORDER BY tag", pageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id, tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, err
		}
		out[id] = append(out[id], tag)
	}
	return out, rows.Err()
}

func (s Versions) withTags(ctx context.Context, v version.Version, err error) (version.Version, error) {
	if err != nil {
		return version.Version{}, err
	}
	rows, err := s.read(ctx, "SELECT tag FROM version_tags WHERE version_id = $1 ORDER BY tag", v.ID)
	if err != nil {
		return version.Version{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return version.Version{}, err
		}
		v.Tags = append(v.Tags, tag)
	}
	return v, rows.Err()
}

// GetVersion returns one version with its tags.
func (s Versions) GetVersion(ctx context.Context, id string) (version.Version, error) {
	v, err := scanVersion(s.readRow(ctx, versionSelect+" WHERE v.id = $1", id))
	return s.withTags(ctx, v, err)
}

const branchHeadQuery = versionSelect + ` WHERE v.id = (SELECT head_version_id FROM page_branches WHERE page_id = $1 AND name = $2)`
const mainHeadQuery = versionSelect + ` WHERE v.page_id = $1 AND v.branch = 'main' ORDER BY v.number DESC LIMIT 1`

// Head returns a branch's newest version.
func (s Versions) Head(ctx context.Context, pageID, branch string) (version.Version, error) {
	if branch == version.Main {
		v, err := scanVersion(s.readRow(ctx, mainHeadQuery, pageID))
		return s.withTags(ctx, v, err)
	}
	v, err := scanVersion(s.readRow(ctx, branchHeadQuery, pageID, branch))
	return s.withTags(ctx, v, err)
}

// ContentChain walks a content's delta chain down to its keyframe in one
// statement, so it reads one consistent state even while retention
// rewrites chains.
func (s Versions) ContentChain(ctx context.Context, pageID, hash string) ([]version.Content, error) {
	rows, err := s.read(ctx, `WITH RECURSIVE chain(hash, base_hash, depth, size, data, n) AS (
			SELECT hash, base_hash, depth, size, data, 0 FROM version_contents WHERE page_id = $1 AND hash = $2
			UNION ALL
			SELECT c.hash, c.base_hash, c.depth, c.size, c.data, chain.n + 1
			FROM version_contents c JOIN chain ON c.page_id = $1 AND c.hash = chain.base_hash
			WHERE chain.n < 10000
		)
		SELECT hash, base_hash, depth, size, data FROM chain ORDER BY n`, pageID, hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []version.Content
	for rows.Next() {
		var c version.Content
		if err := rows.Scan(&c.Hash, &c.BaseHash, &c.Depth, &c.Size, &c.Data); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.ErrNoRows
	}
	return out, nil
}

// head is a branch head as the write transactions see it.
type head struct {
	id, hash string
	at       time.Time
	merged   bool
}

// amendable tells whether a branch head may be replaced by the next
// autosave (NewVersion.AmendAfter): an untagged autosave by the same author,
// made after the time given, that nothing else refers to.
func (s Versions) amendable(ctx context.Context, tx *sql.Tx, h head, author string, after time.Time) (parent string, ok bool, err error) {
	var kind, by string
	if err := s.row(ctx, tx, "SELECT kind, author_id, parent_id FROM page_versions WHERE id = $1", h.id).Scan(&kind, &by, &parent); err != nil {
		return "", false, err
	}
	if kind != version.KindAutosave || by != author || author == "" || !h.at.After(after) {
		return "", false, nil
	}
	var refs int
	err = s.row(ctx, tx, `SELECT (SELECT COUNT(*) FROM version_tags WHERE version_id = $1)
		+ (SELECT COUNT(*) FROM page_versions WHERE parent_id = $1 OR source_id = $1)
		+ (SELECT COUNT(*) FROM page_branches WHERE fork_version_id = $1)`, h.id).Scan(&refs)
	return parent, err == nil && refs == 0, err
}

func (s Versions) headTx(ctx context.Context, tx *sql.Tx, pageID, branch string) (head, bool, error) {
	var h head
	var err error
	if branch == version.Main {
		err = s.row(ctx, tx, `SELECT id, content_hash, created_at FROM page_versions
			WHERE page_id = $1 AND branch = 'main' ORDER BY number DESC LIMIT 1`, pageID).Scan(&h.id, &h.hash, &h.at)
	} else {
		var mergedAt sql.NullTime
		err = s.row(ctx, tx, `SELECT v.id, v.content_hash, v.created_at, b.merged_at FROM page_branches b
			JOIN page_versions v ON v.id = b.head_version_id WHERE b.page_id = $1 AND b.name = $2`, pageID, branch).
			Scan(&h.id, &h.hash, &h.at, &mergedAt)
		if err == sql.ErrNoRows {
			return h, false, errs.ErrNoRows // a branch always has a head
		}
		h.merged = mergedAt.Valid
	}
	if err == sql.ErrNoRows {
		return h, false, nil
	}
	return h, err == nil, err
}

func (s Versions) hasContent(ctx context.Context, tx *sql.Tx, pageID, hash string) (bool, error) {
	var x int
	err := s.row(ctx, tx, "SELECT 1 FROM version_contents WHERE page_id = $1 AND hash = $2", pageID, hash).Scan(&x)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// CreateVersion adds a version (and its content, unless the page has it)
// after its branch head, with the conditions NewVersion describes checked
// under the page's lock.
func (s Versions) CreateVersion(ctx context.Context, nv version.NewVersion, e audit.Entry) (version.Version, error) {
	v := nv.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockPage(ctx, tx, v.PageID); err != nil {
			return err
		}
		h, ok, err := s.headTx(ctx, tx, v.PageID, v.Branch)
		if err != nil {
			return err
		}
		if h.merged {
			return version.ErrMerged
		}
		if nv.ExpectHead != nil && *nv.ExpectHead != h.id {
			return errs.ErrStale
		}
		if w := nv.Document; w != nil {
			by := ""
			if v.Author != nil {
				by = v.Author.ID
			}
			err := affected(s.exec(ctx, tx, `UPDATE pages SET document = $1, revision = revision + 1, updated_at = $2, updated_by = $3
				WHERE id = $4 AND revision = $5`, string(w.JSON), v.CreatedAt, by, v.PageID, w.Want))
			if err == errs.ErrNoRows {
				return errs.ErrStale
			} else if err != nil {
				return err
			}
		}
		if ok && ((nv.SkipAfter != nil && h.at.After(*nv.SkipAfter)) || (nv.SkipSame && h.hash == v.Hash)) {
			return version.ErrUnchanged
		}
		have, err := s.hasContent(ctx, tx, v.PageID, v.Hash)
		if err != nil {
			return err
		}
		if !have {
			c := nv.Content
			if c == nil || c.Hash != v.Hash {
				return version.ErrBaseGone
			}
			if c.BaseHash != "" {
				if ok, err := s.hasContent(ctx, tx, v.PageID, c.BaseHash); err != nil {
					return err
				} else if !ok {
					return version.ErrBaseGone
				}
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO version_contents (page_id, hash, base_hash, depth, size, data)
				VALUES ($1, $2, $3, $4, $5, $6)`, v.PageID, c.Hash, c.BaseHash, c.Depth, c.Size, c.Data); err != nil {
				return err
			}
		}
		if err := s.row(ctx, tx, "SELECT COALESCE(MAX(number), 0) + 1 FROM page_versions WHERE page_id = $1", v.PageID).Scan(&v.Number); err != nil {
			return err
		}
		author := ""
		if v.Author != nil {
			author = v.Author.ID
		}
		replaced := ""
		if nv.AmendAfter != nil && ok && v.Branch != version.Main && len(v.Tags) == 0 {
			parent, can, err := s.amendable(ctx, tx, h, author, *nv.AmendAfter)
			if err != nil {
				return err
			}
			if can {
				replaced, v.ParentID, v.CreatedAt = h.id, parent, h.at
			}
		}
		if v.ParentID == "" {
			v.ParentID = h.id
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO page_versions (id, page_id, number, branch, kind, message, parent_id, source_id,
			author_id, content_hash, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			v.ID, v.PageID, v.Number, v.Branch, v.Kind, v.Message, v.ParentID, v.SourceID, author, v.Hash, v.Size, v.CreatedAt); err != nil {
			return err
		}
		for _, t := range v.Tags {
			if _, err := s.exec(ctx, tx, `INSERT INTO version_tags (page_id, tag, version_id, created_at, created_by)
				VALUES ($1, $2, $3, $4, $5)`, v.PageID, t, v.ID, v.CreatedAt, author); err != nil {
				return err
			}
		}
		if v.Branch != version.Main {
			if err := affected(s.exec(ctx, tx, "UPDATE page_branches SET head_version_id = $1 WHERE page_id = $2 AND name = $3",
				v.ID, v.PageID, v.Branch)); err != nil {
				return err
			}
		}
		if replaced != "" {
			if _, err := s.exec(ctx, tx, "DELETE FROM page_versions WHERE id = $1", replaced); err != nil {
				return err
			}
			if e.Changes != nil && e.Changes.After != nil {
				e.Changes.After["replaces"] = replaced
			}
		}
		if nv.MergeBranch != "" {
			err := affected(s.exec(ctx, tx, `UPDATE page_branches SET merged_at = $1, merged_by = $2, merge_version_id = $3
				WHERE page_id = $4 AND name = $5 AND merged_at IS NULL`, v.CreatedAt, author, v.ID, v.PageID, nv.MergeBranch))
			if err == errs.ErrNoRows {
				return version.ErrMerged
			} else if err != nil {
				return err
			}
		}
		if e.Changes != nil && e.Changes.After != nil {
			e.Changes.After["number"] = v.Number
		}
		return s.appendAudit(ctx, tx, &e)
	})
	if err != nil {
		return version.Version{}, err
	}
	if v.Tags == nil {
		v.Tags = []string{}
	}
	return v, nil
}

const branchSelect = `SELECT b.page_id, b.name, b.fork_version_id, fv.number, b.head_version_id, hv.number, b.created_at,
	b.created_by, COALESCE(cu.name, ''), b.merged_at, b.merged_by, COALESCE(mu.name, ''), b.merge_version_id
	FROM page_branches b JOIN page_versions fv ON fv.id = b.fork_version_id JOIN page_versions hv ON hv.id = b.head_version_id
	LEFT JOIN users cu ON cu.id = b.created_by LEFT JOIN users mu ON mu.id = b.merged_by`

func scanBranch(sc interface{ Scan(...any) error }) (version.Branch, error) {
	var b version.Branch
	var byID, byName, mergedByID, mergedByName string
	var mergedAt sql.NullTime
	err := sc.Scan(&b.PageID, &b.Name, &b.ForkVersionID, &b.ForkNumber, &b.HeadVersionID, &b.HeadNumber, &b.CreatedAt,
		&byID, &byName, &mergedAt, &mergedByID, &mergedByName, &b.MergeVersionID)
	if err != nil {
		return b, translate(err)
	}
	b.CreatedAt = b.CreatedAt.UTC()
	if byID != "" {
		b.CreatedBy = &version.Person{ID: byID, Name: byName}
	}
	if mergedAt.Valid {
		t := mergedAt.Time.UTC()
		b.Merged, b.MergedAt = true, &t
		if mergedByID != "" {
			b.MergedBy = &version.Person{ID: mergedByID, Name: mergedByName}
		}
	}
	return b, nil
}

// ListBranches returns a page's branches (main excluded), oldest first.
func (s Versions) ListBranches(ctx context.Context, pageID string) ([]version.Branch, error) {
	rows, err := s.read(ctx, branchSelect+" WHERE b.page_id = $1 ORDER BY b.created_at, b.name", pageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []version.Branch{}
	for rows.Next() {
		b, err := scanBranch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// GetBranch returns one branch.
func (s Versions) GetBranch(ctx context.Context, pageID, name string) (version.Branch, error) {
	return scanBranch(s.readRow(ctx, branchSelect+" WHERE b.page_id = $1 AND b.name = $2", pageID, name))
}

// CreateBranch adds a branch forked from a version of the same page.
func (s Versions) CreateBranch(ctx context.Context, b version.Branch, e audit.Entry) error {
	by := ""
	if b.CreatedBy != nil {
		by = b.CreatedBy.ID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockPage(ctx, tx, b.PageID); err != nil {
			return err
		}
		var x int
		if err := s.row(ctx, tx, "SELECT 1 FROM page_versions WHERE id = $1 AND page_id = $2", b.ForkVersionID, b.PageID).Scan(&x); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO page_branches (page_id, name, fork_version_id, head_version_id, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, b.PageID, b.Name, b.ForkVersionID, b.ForkVersionID, b.CreatedAt, by); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// TagVersion puts a tag on a version, moving it from another version of
// the page only when move is set.
func (s Versions) TagVersion(ctx context.Context, pageID, versionID, tag string, move bool, by string, at time.Time, e audit.Entry) error {
	at = at.UTC().Truncate(time.Microsecond)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockPage(ctx, tx, pageID); err != nil {
			return err
		}
		var x int
		if err := s.row(ctx, tx, "SELECT 1 FROM page_versions WHERE id = $1 AND page_id = $2", versionID, pageID).Scan(&x); err != nil {
			return err
		}
		var cur string
		err := s.row(ctx, tx, "SELECT version_id FROM version_tags WHERE page_id = $1 AND tag = $2", pageID, tag).Scan(&cur)
		switch {
		case err == sql.ErrNoRows:
			if _, err := s.exec(ctx, tx, `INSERT INTO version_tags (page_id, tag, version_id, created_at, created_by)
				VALUES ($1, $2, $3, $4, $5)`, pageID, tag, versionID, at, by); err != nil {
				return err
			}
		case err != nil:
			return err
		case cur == versionID:
			return nil
		case !move:
			return errs.ErrDuplicate
		default:
			if _, err := s.exec(ctx, tx, "UPDATE version_tags SET version_id = $1, created_at = $2, created_by = $3 WHERE page_id = $4 AND tag = $5",
				versionID, at, by, pageID, tag); err != nil {
				return err
			}
			if e.Changes != nil {
				e.Changes.Before = map[string]any{"versionId": cur, "tag": tag}
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UntagVersion removes a tag from a version.
func (s Versions) UntagVersion(ctx context.Context, pageID, versionID, tag string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, "DELETE FROM version_tags WHERE page_id = $1 AND tag = $2 AND version_id = $3",
			pageID, tag, versionID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// GetPolicy returns a site's retention policy.
func (s Versions) GetPolicy(ctx context.Context, siteID string) (version.Policy, error) {
	p := version.Policy{SiteID: siteID}
	var at time.Time
	var byID, byName string
	err := s.readRow(ctx, `SELECT vp.thin_after_days, vp.updated_at, vp.updated_by, COALESCE(u.name, '')
		FROM version_policies vp LEFT JOIN users u ON u.id = vp.updated_by WHERE vp.site_id = $1`, siteID).
		Scan(&p.ThinAfterDays, &at, &byID, &byName)
	if err != nil {
		return version.Policy{}, translate(err)
	}
	at = at.UTC()
	p.UpdatedAt = &at
	if byID != "" {
		p.UpdatedBy = &version.Person{ID: byID, Name: byName}
	}
	return p, nil
}

// PutPolicy sets a site's retention policy.
func (s Versions) PutPolicy(ctx context.Context, p version.Policy, e audit.Entry) error {
	by := ""
	if p.UpdatedBy != nil {
		by = p.UpdatedBy.ID
	}
	at := time.Now().UTC()
	if p.UpdatedAt != nil {
		at = p.UpdatedAt.UTC()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO version_policies (site_id, thin_after_days, updated_at, updated_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (site_id) DO UPDATE SET thin_after_days = excluded.thin_after_days, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`, p.SiteID, p.ThinAfterDays, at.Truncate(time.Microsecond), by); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// RetentionTargets lists, per site and its policy's cutoff, the pages
// with two or more autosaves of one branch on one UTC day before it.
func (s Versions) RetentionTargets(ctx context.Context, now time.Time, defaultDays int) ([]version.Target, error) {
	rows, err := s.read(ctx, `SELECT s.id, COALESCE(vp.thin_after_days, -1) FROM sites s LEFT JOIN version_policies vp ON vp.site_id = s.id ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	type site struct {
		id   string
		days int
	}
	var sites []site
	for rows.Next() {
		var st site
		if err := rows.Scan(&st.id, &st.days); err != nil {
			rows.Close()
			return nil, err
		}
		if st.days < 0 {
			st.days = defaultDays
		}
		if st.days > 0 {
			sites = append(sites, st)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	day := "substr(v.created_at, 1, 10)" // SQLite keeps times as UTC text
	if s.Dialect == Postgres {
		day = "to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	q := `SELECT DISTINCT page_id FROM (SELECT v.page_id FROM page_versions v JOIN pages p ON p.id = v.page_id
		WHERE p.site_id = $1 AND v.kind = 'autosave' AND v.created_at < $2
		GROUP BY v.page_id, v.branch, ` + day + ` HAVING COUNT(*) > 1) t ORDER BY page_id`
	var out []version.Target
	for _, st := range sites {
		cutoff := now.UTC().Add(-time.Duration(st.days) * 24 * time.Hour).Truncate(time.Microsecond)
		rows, err := s.read(ctx, q, st.id, cutoff)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			t := version.Target{SiteID: st.id, Cutoff: cutoff}
			if err := rows.Scan(&t.PageID); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Unversioned lists the pages saved (not just created) since from whose
// newest main version was made before their last save.
func (s Versions) Unversioned(ctx context.Context, from time.Time) ([]version.Unversioned, error) {
	rows, err := s.read(ctx, `SELECT p.id, p.site_id, p.title, p.updated_by FROM pages p WHERE p.updated_at >= $1 AND p.revision > 1
		AND NOT EXISTS (SELECT 1 FROM page_versions v WHERE v.page_id = p.id AND v.branch = 'main' AND v.created_at >= p.updated_at)
		ORDER BY p.id`, from.UTC().Truncate(time.Microsecond))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []version.Unversioned
	for rows.Next() {
		var u version.Unversioned
		if err := rows.Scan(&u.ID, &u.SiteID, &u.Title, &u.UpdatedBy); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// History returns every version of a page, oldest first, and its branches.
func (s Versions) History(ctx context.Context, pageID string) ([]version.HistoryItem, []version.Branch, error) {
	rows, err := s.read(ctx, `SELECT v.id, v.number, v.branch, v.kind, v.parent_id, v.source_id, v.content_hash, v.created_at,
		CASE WHEN EXISTS (SELECT 1 FROM version_tags t WHERE t.version_id = v.id) THEN 1 ELSE 0 END
		FROM page_versions v WHERE v.page_id = $1 ORDER BY v.number`, pageID)
	if err != nil {
		return nil, nil, err
	}
	var items []version.HistoryItem
	for rows.Next() {
		var it version.HistoryItem
		var tagged int
		if err := rows.Scan(&it.ID, &it.Number, &it.Branch, &it.Kind, &it.ParentID, &it.SourceID, &it.Hash, &it.CreatedAt, &tagged); err != nil {
			rows.Close()
			return nil, nil, err
		}
		it.CreatedAt, it.Tagged = it.CreatedAt.UTC(), tagged == 1
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	branches, err := s.ListBranches(ctx, pageID)
	return items, branches, err
}

// Contents describes every stored content of a page.
func (s Versions) Contents(ctx context.Context, pageID string) ([]version.ContentInfo, error) {
	rows, err := s.read(ctx, "SELECT hash, base_hash, depth, size, LENGTH(data) FROM version_contents WHERE page_id = $1", pageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []version.ContentInfo
	for rows.Next() {
		var c version.ContentInfo
		if err := rows.Scan(&c.Hash, &c.BaseHash, &c.Depth, &c.Size, &c.Stored); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Thin applies a retention plan in one transaction, all or nothing: it
// fails with errs.ErrStale if the page's history changed in a way the plan
// did not expect.
func (s Versions) Thin(ctx context.Context, plan version.ThinPlan, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockPage(ctx, tx, plan.PageID); err != nil {
			return err
		}
		for _, id := range plan.Delete {
			err := affected(s.exec(ctx, tx, `DELETE FROM page_versions WHERE id = $1 AND page_id = $2 AND kind = 'autosave'
				AND NOT EXISTS (SELECT 1 FROM version_tags t WHERE t.version_id = $1)
				AND NOT EXISTS (SELECT 1 FROM page_branches b WHERE b.page_id = $2 AND (b.fork_version_id = $1 OR b.head_version_id = $1))
				AND NOT EXISTS (SELECT 1 FROM page_versions r WHERE r.page_id = $2 AND r.source_id = $1)`, id, plan.PageID))
			if err == errs.ErrNoRows {
				return errs.ErrStale
			} else if err != nil {
				return err
			}
		}
		for id, parent := range plan.Reparent {
			if _, err := s.exec(ctx, tx, "UPDATE page_versions SET parent_id = $1 WHERE id = $2 AND page_id = $3", parent, id, plan.PageID); err != nil {
				return err
			}
		}
		for _, r := range plan.Rewrite {
			if r.BaseHash != "" {
				if ok, err := s.hasContent(ctx, tx, plan.PageID, r.BaseHash); err != nil {
					return err
				} else if !ok {
					return errs.ErrStale
				}
			}
			var res sql.Result
			var err error
			if r.Data == nil {
				res, err = s.exec(ctx, tx, "UPDATE version_contents SET depth = $1 WHERE page_id = $2 AND hash = $3 AND base_hash = $4",
					r.Depth, plan.PageID, r.Hash, r.OldBase)
			} else {
				res, err = s.exec(ctx, tx, `UPDATE version_contents SET base_hash = $1, depth = $2, data = $3
					WHERE page_id = $4 AND hash = $5 AND base_hash = $6`, r.BaseHash, r.Depth, r.Data, plan.PageID, r.Hash, r.OldBase)
			}
			if err := affected(res, err); err == errs.ErrNoRows {
				return errs.ErrStale
			} else if err != nil {
				return err
			}
		}
		for _, h := range plan.Drop {
			if _, err := s.exec(ctx, tx, `DELETE FROM version_contents WHERE page_id = $1 AND hash = $2
				AND NOT EXISTS (SELECT 1 FROM page_versions v WHERE v.page_id = $1 AND v.content_hash = $2)
				AND NOT EXISTS (SELECT 1 FROM version_contents c WHERE c.page_id = $1 AND c.base_hash = $2)`, plan.PageID, h); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}
