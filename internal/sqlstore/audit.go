package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/audit"
)

// appendAudit chains e onto the log inside tx. The head row is locked (FOR
// UPDATE on PostgreSQL; SQLite has one writer) so concurrent appends are
// chained in commit order.
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, e *audit.Entry) error {
	q := "SELECT seq, hash FROM audit_head WHERE id = 1"
	if db.Dialect == Postgres {
		q += " FOR UPDATE"
	}
	var seq int64
	var prev string
	if err := db.row(ctx, tx, q).Scan(&seq, &prev); err != nil {
		return err
	}
	e.Seq, e.PrevHash, e.ID = seq+1, prev, uuid.Must(uuid.NewV7()).String()
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	var changes sql.NullString
	if e.Changes != nil {
		// Round-trip through JSON so what is hashed is exactly what a
		// reader gets back from either database.
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return err
		}
		var c audit.Changes
		if err := json.Unmarshal(b, &c); err != nil {
			return err
		}
		e.Changes = &c
		changes = sql.NullString{String: string(b), Valid: true}
	}
	e.Hash = e.ComputeHash()
	_, err := db.exec(ctx, tx, `INSERT INTO audit_log (seq, id, time, actor_id, actor_name, action, resource_type,
		resource_id, resource_name, changes, ip, user_agent, request_id, status, error, severity, category, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		e.Seq, e.ID, e.Time, e.ActorID, e.ActorName, e.Action, e.ResourceType, e.ResourceID, e.ResourceName, changes,
		e.IP, e.UserAgent, e.RequestID, e.Status, e.Error, e.Severity, e.Category, e.PrevHash, e.Hash)
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, tx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", e.Seq, e.Hash)
	return err
}

// Append writes a standalone entry (a failed sign-in, a denied request).
func (db *DB) Append(ctx context.Context, e audit.Entry) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.appendAudit(ctx, tx, &e) })
}

const auditColumns = `seq, id, time, actor_id, actor_name, action, resource_type, resource_id, resource_name,
	changes, ip, user_agent, request_id, status, error, severity, category, prev_hash, hash`

// QueryAudit returns entries matching f, newest first.
func (db *DB) QueryAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+itoa(len(args))))
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if strings.HasSuffix(f.Action, ".") {
		add(`action LIKE ? ESCAPE '\'`, likeEscape(f.Action)+"%")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ResourceType != "" {
		add("resource_type = ?", f.ResourceType)
	}
	if f.ResourceID != "" {
		add("resource_id = ?", f.ResourceID)
	}
	if !f.From.IsZero() {
		add("time >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("time < ?", f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	q := "SELECT " + auditColumns + " FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit)
	q += " ORDER BY seq DESC LIMIT $" + itoa(len(args))
	return db.scanAudit(ctx, q, args...)
}

func (db *DB) scanAudit(ctx context.Context, q string, args ...any) ([]audit.Entry, error) {
	rows, err := db.read(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var changes sql.NullString
		if err := rows.Scan(&e.Seq, &e.ID, &e.Time, &e.ActorID, &e.ActorName, &e.Action, &e.ResourceType, &e.ResourceID,
			&e.ResourceName, &changes, &e.IP, &e.UserAgent, &e.RequestID, &e.Status, &e.Error, &e.Severity, &e.Category,
			&e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.Time = e.Time.UTC()
		if changes.Valid {
			e.Changes = new(audit.Changes)
			if err := json.Unmarshal([]byte(changes.String), e.Changes); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit checks the whole chain, oldest first, in batches, and that
// its last entry is the recorded head (so a deleted tail is caught too).
// It returns the number of entries checked and the first problem.
func (db *DB) VerifyAudit(ctx context.Context) (int64, *audit.Problem, error) {
	var prevSeq int64
	prevHash := ""
	for {
		batch, err := db.scanAudit(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000", prevSeq)
		if err != nil {
			return prevSeq, nil, err
		}
		if p := audit.Verify(batch, prevSeq, prevHash); p != nil {
			return prevSeq, p, nil
		}
		if len(batch) == 0 {
			break
		}
		last := batch[len(batch)-1]
		prevSeq, prevHash = last.Seq, last.Hash
	}
	var headSeq int64
	var headHash string
	if err := db.R.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return prevSeq, nil, err
	}
	if headSeq != prevSeq || headHash != prevHash {
		return prevSeq, &audit.Problem{Seq: prevSeq + 1, Reason: "entries after this point were removed"}, nil
	}
	return prevSeq, nil, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// likeEscape makes s match literally in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
