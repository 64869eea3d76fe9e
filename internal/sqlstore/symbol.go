package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/symbol"
)

// Symbols implements symbol.Store: the reusable component library.
type Symbols struct{ *DB }

var _ symbol.Store = Symbols{}

const componentSelect = `SELECT c.id, c.name, c.description, c.category, c.tags, c.visibility, c.site_id,
	c.owner_id, COALESCE(o.name, ''), c.latest_version, c.deprecated_at, c.deprecated_by, COALESCE(b.name, ''),
	c.deprecation_message, c.replacement_id, COALESCE(r.name, ''), c.created_at, c.updated_at
	FROM components c LEFT JOIN users o ON o.id = c.owner_id LEFT JOIN users b ON b.id = c.deprecated_by
	LEFT JOIN components r ON r.id = c.replacement_id`

func scanComponent(sc interface{ Scan(...any) error }) (symbol.Component, error) {
	var c symbol.Component
	var tags, ownerID, ownerName, depBy, depByName, depMsg, replID, replName string
	var depAt sql.NullTime
	err := sc.Scan(&c.ID, &c.Name, &c.Description, &c.Category, &tags, &c.Visibility, &c.SiteID, &ownerID, &ownerName,
		&c.LatestVersion, &depAt, &depBy, &depByName, &depMsg, &replID, &replName, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return symbol.Component{}, translate(err)
	}
	if err := json.Unmarshal([]byte(tags), &c.Tags); err != nil || c.Tags == nil {
		c.Tags = []string{}
	}
	if ownerID != "" {
		c.Owner = &symbol.Ref{ID: ownerID, Name: ownerName}
	}
	if depAt.Valid {
		c.Deprecated = &symbol.Deprecation{Message: depMsg, ReplacementID: replID, ReplacementName: replName, At: depAt.Time.UTC()}
		if depBy != "" {
			c.Deprecated.By = &symbol.Ref{ID: depBy, Name: depByName}
		}
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// ListComponents returns a page of the library ordered by lowercase name
// and id.
func (s Symbols) ListComponents(ctx context.Context, f symbol.Filter) ([]symbol.Component, error) {
	q := componentSelect + " WHERE 1 = 1"
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	if !f.All {
		q += " AND (c.visibility <> 'private' OR c.owner_id = " + arg(f.OwnerID) + ")"
	}
	if f.Search != "" {
		q += " AND c.search LIKE " + arg("%"+likeEscape(strings.ToLower(f.Search))+"%") + ` ESCAPE '\'`
	}
	if f.Category != "" {
		q += " AND c.category = " + arg(f.Category)
	}
	if f.SiteID != "" {
		q += " AND c.site_id = " + arg(f.SiteID)
	}
	if !f.IncludeDeprecated {
		q += " AND c.deprecated_at IS NULL"
	}
	if f.AfterID != "" {
		n, id := arg(f.AfterName), arg(f.AfterID)
		q += " AND (c.sort_name > " + n + " OR (c.sort_name = " + n + " AND c.id > " + id + "))"
	}
	q += " ORDER BY c.sort_name, c.id LIMIT " + arg(f.Limit)
	rows, err := s.read(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []symbol.Component{}
	for rows.Next() {
		c, err := scanComponent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// GetComponent returns one component.
func (s Symbols) GetComponent(ctx context.Context, id string) (symbol.Component, error) {
	return scanComponent(s.readRow(ctx, componentSelect+" WHERE c.id = $1", id))
}

const componentVersionSelect = `SELECT v.component_id, v.version, v.notes, %s, v.exposed, v.created_at, v.created_by, COALESCE(u.name, '')
	FROM component_versions v LEFT JOIN users u ON u.id = v.created_by`

func scanComponentVersion(sc interface{ Scan(...any) error }) (symbol.Version, error) {
	var v symbol.Version
	var document, exposed, by, byName string
	if err := sc.Scan(&v.ComponentID, &v.Version, &v.Notes, &document, &exposed, &v.CreatedAt, &by, &byName); err != nil {
		return symbol.Version{}, translate(err)
	}
	if document != "" {
		v.Document = json.RawMessage(document)
	}
	if err := json.Unmarshal([]byte(exposed), &v.Exposed); err != nil {
		return symbol.Version{}, err
	}
	if v.Exposed == nil {
		v.Exposed = []symbol.Exposed{}
	}
	if by != "" {
		v.CreatedBy = &symbol.Ref{ID: by, Name: byName}
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

// ListVersions returns a component's versions, newest (highest) first,
// without their documents.
func (s Symbols) ListVersions(ctx context.Context, id string) ([]symbol.Version, error) {
	rows, err := s.read(ctx, strings.Replace(componentVersionSelect, "%s", "''", 1)+
		" WHERE v.component_id = $1 ORDER BY v.major DESC, v.minor DESC, v.patch DESC", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []symbol.Version{}
	for rows.Next() {
		v, err := scanComponentVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// GetVersion returns one version with its document.
func (s Symbols) GetVersion(ctx context.Context, id, version string) (symbol.Version, error) {
	return scanComponentVersion(s.readRow(ctx, strings.Replace(componentVersionSelect, "%s", "v.document", 1)+
		" WHERE v.component_id = $1 AND v.version = $2", id, version))
}

func componentColumns(c symbol.Component) (tags, search string, err error) {
	tagList := c.Tags
	if tagList == nil {
		tagList = []string{}
	}
	b, err := json.Marshal(tagList)
	if err != nil {
		return "", "", err
	}
	search = strings.ToLower(c.Name + "\n" + c.Description + "\n" + strings.Join(tagList, "\n"))
	return string(b), search, nil
}

func (s Symbols) insertVersion(ctx context.Context, tx *sql.Tx, v symbol.Version) error {
	sv, ok := symbol.ParseSemver(v.Version)
	if !ok {
		return errs.Internal(errBadComponentVersion(v.Version))
	}
	exposed := v.Exposed
	if exposed == nil {
		exposed = []symbol.Exposed{}
	}
	ex, err := json.Marshal(exposed)
	if err != nil {
		return err
	}
	by := ""
	if v.CreatedBy != nil {
		by = v.CreatedBy.ID
	}
	_, err = s.exec(ctx, tx, `INSERT INTO component_versions (component_id, version, major, minor, patch, notes, document, exposed,
		created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		v.ComponentID, v.Version, sv.Major, sv.Minor, sv.Patch, v.Notes, string(v.Document), string(ex),
		v.CreatedAt.UTC().Truncate(time.Microsecond), by)
	return err
}

type errBadComponentVersion string

func (e errBadComponentVersion) Error() string { return "invalid component version " + string(e) }

// CreateComponent inserts a component with its first version.
func (s Symbols) CreateComponent(ctx context.Context, c symbol.Component, v symbol.Version, e audit.Entry) error {
	tags, search, err := componentColumns(c)
	if err != nil {
		return err
	}
	owner := ""
	if c.Owner != nil {
		owner = c.Owner.ID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO components (id, name, sort_name, description, category, tags, search, visibility,
			site_id, owner_id, latest_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			c.ID, c.Name, strings.ToLower(c.Name), c.Description, c.Category, tags, search, c.Visibility, c.SiteID, owner,
			v.Version, c.CreatedAt.UTC().Truncate(time.Microsecond), c.UpdatedAt.UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// CreateVersion adds a version and makes it the latest, if the latest is
// still prev.
func (s Symbols) CreateVersion(ctx context.Context, v symbol.Version, prev string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, "UPDATE components SET latest_version = $1, updated_at = $2 WHERE id = $3 AND latest_version = $4",
			v.Version, v.CreatedAt.UTC().Truncate(time.Microsecond), v.ComponentID, prev)
		if err := affected(res, err); err == errs.ErrNoRows {
			var x int
			if err := s.row(ctx, tx, "SELECT 1 FROM components WHERE id = $1", v.ComponentID).Scan(&x); err != nil {
				return err
			}
			return errs.ErrStale
		} else if err != nil {
			return err
		}
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// UpdateComponent saves a component's descriptive fields, visibility and
// deprecation.
func (s Symbols) UpdateComponent(ctx context.Context, c symbol.Component, e audit.Entry) error {
	tags, search, err := componentColumns(c)
	if err != nil {
		return err
	}
	var depAt any
	depBy, depMsg, repl := "", "", ""
	if d := c.Deprecated; d != nil {
		depAt, depMsg, repl = d.At.UTC().Truncate(time.Microsecond), d.Message, d.ReplacementID
		if d.By != nil {
			depBy = d.By.ID
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(s.exec(ctx, tx, `UPDATE components SET name = $1, sort_name = $2, description = $3, category = $4, tags = $5,
			search = $6, visibility = $7, deprecated_at = $8, deprecated_by = $9, deprecation_message = $10, replacement_id = $11,
			updated_at = $12 WHERE id = $13`,
			c.Name, strings.ToLower(c.Name), c.Description, c.Category, tags, search, c.Visibility, depAt, depBy, depMsg, repl,
			c.UpdatedAt.UTC().Truncate(time.Microsecond), c.ID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// componentUsePattern matches the stored documents (pages or component versions)
// that hold an instance of the component: documents are stored compact,
// so the reference is always written exactly so.
func componentUsePattern(id string) string { return `%"component":"` + likeEscape(id) + `@%` }

// DeleteComponent removes a component and its versions unless a page or
// another component's version holds an instance of it.
func (s Symbols) DeleteComponent(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := s.row(ctx, tx, `SELECT COUNT(*) FROM pages WHERE document LIKE $1 ESCAPE '\'`, componentUsePattern(id)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := s.row(ctx, tx, `SELECT COUNT(*) FROM component_versions WHERE component_id <> $1 AND document LIKE $2 ESCAPE '\'`,
				id, componentUsePattern(id)).Scan(&n); err != nil {
				return err
			}
		}
		if n > 0 {
			return symbol.ErrInUse
		}
		if _, err := s.exec(ctx, tx, "UPDATE components SET replacement_id = '' WHERE replacement_id = $1", id); err != nil {
			return err
		}
		if err := affected(s.exec(ctx, tx, "DELETE FROM components WHERE id = $1", id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// maxUsePatterns is how many components PageUsage looks for with one
// LIKE each; beyond that it reads every page with an instance.
const maxUsePatterns = 20

// PageUsage returns the pages holding instances of any of the components,
// with their instances counted by component and version. A LIKE finds the
// candidates; their documents are then read to count exactly.
func (s Symbols) PageUsage(ctx context.Context, ids []string) ([]symbol.PageHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	want := map[string]bool{}
	var conds []string
	var args []any
	for _, id := range ids {
		want[id] = true
	}
	if len(ids) <= maxUsePatterns {
		for _, id := range ids {
			args = append(args, componentUsePattern(id))
			conds = append(conds, `document LIKE $`+itoa(len(args))+` ESCAPE '\'`)
		}
	} else {
		args = append(args, `%"type":"`+symbol.InstanceType+`"%`)
		conds = append(conds, "document LIKE $1")
	}
	rows, err := s.read(ctx, "SELECT id, site_id, title, revision, document FROM pages WHERE "+strings.Join(conds, " OR ")+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []symbol.PageHit
	for rows.Next() {
		var h symbol.PageHit
		var document string
		if err := rows.Scan(&h.PageID, &h.SiteID, &h.Title, &h.Revision, &document); err != nil {
			return nil, err
		}
		refs, err := symbol.Refs([]byte(document))
		if err != nil {
			continue // not a document this reader understands: it holds no instance either
		}
		for id := range refs {
			if !want[id] {
				delete(refs, id)
			}
		}
		if len(refs) > 0 {
			h.Refs = refs
			out = append(out, h)
		}
	}
	return out, rows.Err()
}

// PageDocument returns a page's document and revision.
func (s Symbols) PageDocument(ctx context.Context, pageID string) (symbol.PageDoc, error) {
	var p symbol.PageDoc
	var document string
	err := s.readRow(ctx, "SELECT id, site_id, title, revision, document FROM pages WHERE id = $1", pageID).
		Scan(&p.PageID, &p.SiteID, &p.Title, &p.Revision, &document)
	p.JSON = []byte(document)
	return p, translate(err)
}

// UpdatePages stores a bulk update's documents in one transaction, each as
// a compare-and-swap on the page's revision (as PutDocument does) with its
// audit entry, then the bulk update's own entry. A page no longer at its
// revision rolls everything back.
func (s Symbols) UpdatePages(ctx context.Context, writes []symbol.PageWrite, by string, at time.Time, e audit.Entry) error {
	at = at.UTC().Truncate(time.Microsecond)
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, w := range writes {
			res, err := s.exec(ctx, tx, `UPDATE pages SET document = $1, revision = revision + 1, updated_at = $2, updated_by = $3
				WHERE id = $4 AND revision = $5`, string(w.Document), at, by, w.PageID, w.Revision)
			if err := affected(res, err); err == errs.ErrNoRows {
				var x int
				if err := s.row(ctx, tx, "SELECT 1 FROM pages WHERE id = $1", w.PageID).Scan(&x); err != nil {
					return err
				}
				return &symbol.StalePage{PageID: w.PageID}
			} else if err != nil {
				return err
			}
			pe := w.Entry
			if err := s.appendAudit(ctx, tx, &pe); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, &e)
	})
}
