package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/user"
)

// Users implements user.Store.
type Users struct{ *DB }

var _ user.Store = Users{}

// CountUsers counts all members.
func (s Users) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}

// Setup creates the organisation, first user and session in one transaction.
func (s Users) Setup(ctx context.Context, org user.Org, u user.User, sess user.Session, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)", org.ID, org.Name, org.CreatedAt); err != nil {
			return err
		}
		if err := insertUser(ctx, tx, u); err != nil {
			return err
		}
		if err := signIn(ctx, tx, sess); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// CreateUser adds a member.
func (s Users) CreateUser(ctx context.Context, u user.User, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertUser(ctx, tx, u); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

func insertUser(ctx context.Context, tx *sql.Tx, u user.User) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, org_id, email, name, role, status, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, u.ID, u.OrgID, u.Email, u.Name, string(u.Role), u.Status, u.PasswordHash, u.CreatedAt)
	return err
}

const userColumns = "id, org_id, email, name, role, status, password_hash, created_at, last_login_at"

func scanUser(row *sql.Row) (user.User, error) {
	var u user.User
	var role string
	var last sql.NullTime
	err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &role, &u.Status, &u.PasswordHash, &u.CreatedAt, &last)
	u.Role = access.Role(role)
	u.LastLoginAt = nullTime(last)
	return u, translate(err)
}

// UserByEmail finds a member by (lowercased) email.
func (s Users) UserByEmail(ctx context.Context, email string) (user.User, error) {
	return scanUser(s.readRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", email))
}

// UserByID finds a member by id.
func (s Users) UserByID(ctx context.Context, id string) (user.User, error) {
	return scanUser(s.readRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
}

// Org returns the organisation.
func (s Users) Org(ctx context.Context) (user.Org, error) {
	var o user.Org
	err := s.readRow(ctx, "SELECT id, name, created_at FROM organizations").Scan(&o.ID, &o.Name, &o.CreatedAt)
	return o, translate(err)
}

// Grants lists a user's site and page grants.
func (s Users) Grants(ctx context.Context, userID string) ([]access.Grant, error) {
	rows, err := s.read(ctx, "SELECT resource_type, resource_id, role FROM grants WHERE user_id = $1", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Grant
	for rows.Next() {
		var g access.Grant
		var rt, role string
		if err := rows.Scan(&rt, &g.ResourceID, &role); err != nil {
			return nil, err
		}
		g.ResourceType, g.Role = access.ResourceType(rt), access.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// principal runs a credential lookup joined with its user and grants
// (one row per grant, at least one row) and scans it.
func (s Users) principal(ctx context.Context, q, hash string, cred func() []any) (user.User, []access.Grant, error) {
	rows, err := s.read(ctx, q, hash)
	if err != nil {
		return user.User{}, nil, err
	}
	defer rows.Close()
	var u user.User
	var grants []access.Grant
	found := false
	for rows.Next() {
		var role, gt, gid, grole string
		var last sql.NullTime
		dest := append(cred(), &u.ID, &u.OrgID, &u.Email, &u.Name, &role, &u.Status, &u.PasswordHash, &u.CreatedAt, &last, &gt, &gid, &grole)
		if err := rows.Scan(dest...); err != nil {
			return user.User{}, nil, err
		}
		found = true
		u.Role, u.LastLoginAt = access.Role(role), nullTime(last)
		if gt != "" {
			grants = append(grants, access.Grant{ResourceType: access.ResourceType(gt), ResourceID: gid, Role: access.Role(grole)})
		}
	}
	if err := rows.Err(); err != nil {
		return user.User{}, nil, err
	}
	if !found {
		return user.User{}, nil, errs.ErrNoRows
	}
	return u, grants, nil
}

const principalJoin = `u.id, u.org_id, u.email, u.name, u.role, u.status, u.password_hash, u.created_at, u.last_login_at,
	COALESCE(g.resource_type, ''), COALESCE(g.resource_id, ''), COALESCE(g.role, '')`

// SessionPrincipal resolves a session hash to the session, user and grants.
func (s Users) SessionPrincipal(ctx context.Context, hash string) (user.Session, user.User, []access.Grant, error) {
	var x user.Session
	u, g, err := s.principal(ctx, `SELECT x.id_hash, x.user_id, x.csrf_token, x.ip, x.user_agent, x.created_at, x.last_seen_at, x.expires_at, `+
		principalJoin+` FROM sessions x JOIN users u ON u.id = x.user_id LEFT JOIN grants g ON g.user_id = u.id WHERE x.id_hash = $1`, hash,
		func() []any {
			return []any{&x.IDHash, &x.UserID, &x.CSRFToken, &x.IP, &x.UserAgent, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt}
		})
	return x, u, g, err
}

// TokenPrincipal resolves a token hash to the token, user and grants.
func (s Users) TokenPrincipal(ctx context.Context, hash string) (user.Token, user.User, []access.Grant, error) {
	var t user.Token
	var used, exp, rev sql.NullTime
	u, g, err := s.principal(ctx, `SELECT t.id, t.user_id, t.name, t.prefix, t.token_hash, t.created_at, t.last_used_at, t.expires_at, t.revoked_at, `+
		principalJoin+` FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN grants g ON g.user_id = u.id WHERE t.token_hash = $1`, hash,
		func() []any {
			return []any{&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &t.CreatedAt, &used, &exp, &rev}
		})
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = nullTime(used), nullTime(exp), nullTime(rev)
	return t, u, g, err
}

// PutGrant adds or replaces a grant (used by member management and tests).
func (s Users) PutGrant(ctx context.Context, userID string, g access.Grant, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, "DELETE FROM grants WHERE user_id = $1 AND resource_type = $2 AND resource_id = $3",
			userID, string(g.ResourceType), g.ResourceID); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, "INSERT INTO grants (user_id, resource_type, resource_id, role, created_at) VALUES ($1, $2, $3, $4, $5)",
			userID, string(g.ResourceType), g.ResourceID, string(g.Role), time.Now().UTC()); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// CreateSession stores a new session and records the sign-in.
func (s Users) CreateSession(ctx context.Context, sess user.Session, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := signIn(ctx, tx, sess); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// signIn stores a new session and records it as the user's last sign-in.
func signIn(ctx context.Context, tx *sql.Tx, s user.Session) error {
	if err := insertSession(ctx, tx, s); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE users SET last_login_at = $1 WHERE id = $2", s.CreatedAt, s.UserID)
	return err
}

func insertSession(ctx context.Context, tx *sql.Tx, s user.Session) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, s.IDHash, s.UserID, s.CSRFToken, s.IP, s.UserAgent, s.CreatedAt, s.LastSeenAt, s.ExpiresAt)
	return err
}

// SessionByHash looks a session up by the hash of its cookie value.
func (s Users) SessionByHash(ctx context.Context, hash string) (user.Session, error) {
	var x user.Session
	err := s.readRow(ctx, `SELECT id_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at
		FROM sessions WHERE id_hash = $1`, hash).Scan(&x.IDHash, &x.UserID, &x.CSRFToken, &x.IP, &x.UserAgent, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt)
	return x, translate(err)
}

// TouchSession slides a session's idle expiry.
func (s Users) TouchSession(ctx context.Context, hash string, seen, expires time.Time) error {
	_, err := s.writeExec(ctx, "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3", seen, expires, hash)
	return err
}

// DeleteSession ends a session.
func (s Users) DeleteSession(ctx context.Context, hash string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, "DELETE FROM sessions WHERE id_hash = $1", hash); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s Users) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.writeExec(ctx, "DELETE FROM sessions WHERE expires_at <= $1", now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const tokenColumns = "id, user_id, name, prefix, token_hash, created_at, last_used_at, expires_at, revoked_at"

func scanToken(sc interface{ Scan(...any) error }) (user.Token, error) {
	var t user.Token
	var used, exp, rev sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &t.CreatedAt, &used, &exp, &rev)
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = nullTime(used), nullTime(exp), nullTime(rev)
	return t, translate(err)
}

// Tokens lists a user's live tokens, newest first.
func (s Users) Tokens(ctx context.Context, userID string) ([]user.Token, error) {
	rows, err := s.read(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []user.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateToken stores a new token (its hash).
func (s Users) CreateToken(ctx context.Context, t user.Token, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.UserID, t.Name, t.Prefix, t.Hash, t.CreatedAt, t.ExpiresAt); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// TokenByHash finds a token by the hash of its secret.
func (s Users) TokenByHash(ctx context.Context, hash string) (user.Token, error) {
	return scanToken(s.readRow(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE token_hash = $1", hash))
}

// RevokeToken marks a user's token revoked.
func (s Users) RevokeToken(ctx context.Context, userID, id string, at time.Time, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := s.row(ctx, tx, "SELECT name FROM api_tokens WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL", id, userID).Scan(&name); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2", at, id); err != nil {
			return err
		}
		e.ResourceName = name
		return s.appendAudit(ctx, tx, &e)
	})
}

// TouchToken records a token's last use.
func (s Users) TouchToken(ctx context.Context, id string, at time.Time) error {
	_, err := s.writeExec(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", at, id)
	return err
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}
