package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/user"
)

// ListMembers returns members (not removed ones) with their grants, by name.
func (s Users) ListMembers(ctx context.Context, f user.MemberFilter) ([]user.Member, error) {
	q := "SELECT " + userColumns + " FROM users WHERE status <> 'removed'"
	var args []any
	if f.Q != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(f.Q))+"%")
		q += ` AND (LOWER(name) LIKE $1 ESCAPE '\' OR LOWER(email) LIKE $1 ESCAPE '\')`
	}
	if f.ID != "" {
		args = append(args, f.ID)
		q += " AND id = $" + itoa(len(args))
	}
	if f.Role != "" {
		args = append(args, f.Role)
		q += " AND role = $" + itoa(len(args))
	}
	if f.Status != "" {
		args = append(args, f.Status)
		q += " AND status = $" + itoa(len(args))
	}
	rows, err := s.R.QueryContext(ctx, q+" ORDER BY LOWER(name), id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []user.Member{}
	index := map[string]int{}
	for rows.Next() {
		var u user.User
		var role string
		var last sql.NullTime
		if err := rows.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &role, &u.Status, &u.PasswordHash, &u.CreatedAt, &last); err != nil {
			return nil, err
		}
		u.Role, u.LastLoginAt = access.Role(role), nullTime(last)
		index[u.ID] = len(out)
		out = append(out, user.Member{User: u, Grants: []user.GrantView{}})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	grows, err := s.R.QueryContext(ctx, `SELECT g.user_id, g.resource_type, g.resource_id, g.role, COALESCE(st.name, pg.title, '')
		FROM grants g LEFT JOIN sites st ON g.resource_type = 'site' AND st.id = g.resource_id
		LEFT JOIN pages pg ON g.resource_type = 'page' AND pg.id = g.resource_id
		WHERE $1 = '' OR g.user_id = $1 ORDER BY g.resource_type, g.resource_id`, f.ID)
	if err != nil {
		return nil, err
	}
	defer grows.Close()
	for grows.Next() {
		var uid, rt, role string
		var g user.GrantView
		if err := grows.Scan(&uid, &rt, &g.ResourceID, &role, &g.ResourceName); err != nil {
			return nil, err
		}
		if i, ok := index[uid]; ok {
			g.ResourceType, g.Role = access.ResourceType(rt), access.Role(role)
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	return out, grows.Err()
}

// keepsAdmin fails with user.ErrLastAdmin unless some active Admin other
// than id remains. On PostgreSQL it locks the active Admins (in id order,
// so two such changes queue rather than deadlock): otherwise two Admins
// taking away each other's role at once would each still count the other,
// and both succeed. SQLite has a single writer.
func (s Users) keepsAdmin(ctx context.Context, tx *sql.Tx, id string) error {
	q := "SELECT id FROM users WHERE role = 'admin' AND status = 'active' ORDER BY id"
	if s.Dialect == Postgres {
		q += " FOR UPDATE"
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var admin string
		if err := rows.Scan(&admin); err != nil {
			return err
		}
		if admin != id {
			n++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return user.ErrLastAdmin
	}
	return nil
}

func (s Users) endAccess(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", now, id)
	return err
}

// SetRole changes a member's organisation role.
func (s Users) SetRole(ctx context.Context, id string, role access.Role, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if role != access.RoleAdmin {
			if err := s.keepsAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET role = $1 WHERE id = $2 AND status <> 'removed'", string(role), id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// SetStatus activates or deactivates a member.
func (s Users) SetStatus(ctx context.Context, id, status string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if status != user.StatusActive {
			if err := s.keepsAdmin(ctx, tx, id); err != nil {
				return err
			}
			if err := s.endAccess(ctx, tx, id, time.Now().UTC()); err != nil {
				return err
			}
		}
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET status = $1 WHERE id = $2 AND status <> 'removed'", status, id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// RemoveUser keeps the row (names on history stay) but frees the email and
// removes every way in.
func (s Users) RemoveUser(ctx context.Context, id string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.keepsAdmin(ctx, tx, id); err != nil {
			return err
		}
		if err := s.endAccess(ctx, tx, id, time.Now().UTC()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM grants WHERE user_id = $1", id); err != nil {
			return err
		}
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET status = 'removed', email = $1, password_hash = '' WHERE id = $2 AND status <> 'removed'",
			"removed+"+id+"@invalid", id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// DeleteGrant removes one grant.
func (s Users) DeleteGrant(ctx context.Context, userID string, rt access.ResourceType, resID string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(tx.ExecContext(ctx, "DELETE FROM grants WHERE user_id = $1 AND resource_type = $2 AND resource_id = $3", userID, string(rt), resID)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ResourceName names a site or page, or errs.ErrNoRows.
func (s Users) ResourceName(ctx context.Context, rt access.ResourceType, id string) (string, error) {
	q := "SELECT name FROM sites WHERE id = $1"
	if rt == access.ResPage {
		q = "SELECT title FROM pages WHERE id = $1"
	}
	var name string
	err := s.readRow(ctx, q, id).Scan(&name)
	return name, translate(err)
}

// SetName changes a member's display name.
func (s Users) SetName(ctx context.Context, id, name string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", name, id)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// SetPassword replaces a password hash and ends every other session.
func (s Users) SetPassword(ctx context.Context, id, hash, keep string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2", hash, id)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", id, keep); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

const inviteColumns = `id, email, role, grants, status, invited_by, invited_by_name, token_hash, email_status, email_error, created_at, expires_at`

func scanInvitation(sc interface{ Scan(...any) error }) (user.Invitation, error) {
	var inv user.Invitation
	var role, grants string
	err := sc.Scan(&inv.ID, &inv.Email, &role, &grants, &inv.Status, &inv.InvitedBy.ID, &inv.InvitedBy.Name, &inv.TokenHash,
		&inv.EmailStatus, &inv.EmailError, &inv.CreatedAt, &inv.ExpiresAt)
	if err != nil {
		return inv, translate(err)
	}
	inv.Role = access.Role(role)
	inv.Grants = []user.GrantView{}
	return inv, json.Unmarshal([]byte(grants), &inv.Grants)
}

// CreateInvitation stores a new invitation; one pending per email.
func (s Users) CreateInvitation(ctx context.Context, inv user.Invitation, e audit.Entry) error {
	grants, err := json.Marshal(inv.Grants)
	if err != nil {
		return err
	}
	if inv.Grants == nil {
		grants = []byte("[]")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		// An expired pending invitation must not block a new one.
		if _, err := tx.ExecContext(ctx, "UPDATE invitations SET status = 'expired' WHERE email = $1 AND status = 'pending' AND expires_at <= $2", inv.Email, inv.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO invitations ("+inviteColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			inv.ID, inv.Email, string(inv.Role), string(grants), inv.Status, inv.InvitedBy.ID, inv.InvitedBy.Name, inv.TokenHash,
			inv.EmailStatus, inv.EmailError, inv.CreatedAt, inv.ExpiresAt); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ListInvitations lists invitations, newest first.
func (s Users) ListInvitations(ctx context.Context) ([]user.Invitation, error) {
	rows, err := s.R.QueryContext(ctx, "SELECT "+inviteColumns+" FROM invitations ORDER BY id DESC LIMIT 500")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// InvitationByID finds an invitation.
func (s Users) InvitationByID(ctx context.Context, id string) (user.Invitation, error) {
	return scanInvitation(s.readRow(ctx, "SELECT "+inviteColumns+" FROM invitations WHERE id = $1", id))
}

// InvitationByToken finds an invitation by the hash of its link token.
func (s Users) InvitationByToken(ctx context.Context, hash string) (user.Invitation, error) {
	return scanInvitation(s.readRow(ctx, "SELECT "+inviteColumns+" FROM invitations WHERE token_hash = $1", hash))
}

// UpdateInvitation saves an invitation's mutable fields.
func (s Users) UpdateInvitation(ctx context.Context, inv user.Invitation, e *audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := affected(tx.ExecContext(ctx, `UPDATE invitations SET status = $1, token_hash = $2, expires_at = $3, email_status = $4, email_error = $5 WHERE id = $6`,
			inv.Status, inv.TokenHash, inv.ExpiresAt, inv.EmailStatus, inv.EmailError, inv.ID)); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// AcceptInvitation creates the member from a still-pending invitation.
func (s Users) AcceptInvitation(ctx context.Context, inv user.Invitation, u user.User, sess user.Session, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE invitations SET status = 'accepted', accepted_at = $1 WHERE id = $2 AND status = 'pending' AND token_hash = $3 AND expires_at > $1",
			sess.CreatedAt, inv.ID, inv.TokenHash)
		if err := affected(res, err); err == errs.ErrNoRows {
			return errs.ErrStale
		} else if err != nil {
			return err
		}
		if err := insertUser(ctx, tx, u); err != nil {
			return err
		}
		for _, g := range inv.Grants {
			if _, err := tx.ExecContext(ctx, "INSERT INTO grants (user_id, resource_type, resource_id, role, created_at) VALUES ($1, $2, $3, $4, $5)",
				u.ID, string(g.ResourceType), g.ResourceID, string(g.Role), sess.CreatedAt); err != nil {
				return err
			}
		}
		if err := signIn(ctx, tx, sess); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// CreateOneTimeToken stores a single-use link's hash.
func (s Users) CreateOneTimeToken(ctx context.Context, t user.OneTimeToken, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO one_time_tokens (hash, kind, user_id, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
			t.Hash, t.Kind, t.UserID, t.Data, t.CreatedAt, t.ExpiresAt); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// PeekOneTimeToken returns a usable token without using it.
func (s Users) PeekOneTimeToken(ctx context.Context, hash, kind string, now time.Time) (user.OneTimeToken, error) {
	var t user.OneTimeToken
	err := s.readRow(ctx, `SELECT hash, kind, user_id, data, created_at, expires_at FROM one_time_tokens
		WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3`, hash, kind, now).
		Scan(&t.Hash, &t.Kind, &t.UserID, &t.Data, &t.CreatedAt, &t.ExpiresAt)
	return t, translate(err)
}

// useToken marks a token used if it still can be, returning its user and data.
func useToken(ctx context.Context, tx *sql.Tx, hash, kind string, now time.Time) (string, string, error) {
	var userID, data string
	if err := tx.QueryRowContext(ctx, "SELECT user_id, data FROM one_time_tokens WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3",
		hash, kind, now).Scan(&userID, &data); err != nil {
		return "", "", err
	}
	if err := affected(tx.ExecContext(ctx, "UPDATE one_time_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL", now, hash)); err != nil {
		return "", "", err
	}
	return userID, data, nil
}

// ResetPassword uses a reset token and sets the password, ending sessions.
func (s Users) ResetPassword(ctx context.Context, hash, kind string, now time.Time, pwHash string, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		userID, _, err := useToken(ctx, tx, hash, kind, now)
		if err != nil {
			return err
		}
		if err := affected(tx.ExecContext(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2 AND status = 'active'", pwHash, userID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return err
		}
		// Other outstanding reset links die with this one.
		if _, err := tx.ExecContext(ctx, "UPDATE one_time_tokens SET used_at = $1 WHERE user_id = $2 AND kind = $3 AND used_at IS NULL", now, userID, kind); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, &e)
	})
}

// ConfirmEmail applies an email change token belonging to userID.
func (s Users) ConfirmEmail(ctx context.Context, hash, userID string, now time.Time, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		owner, email, err := useToken(ctx, tx, hash, user.KindEmailChange, now)
		if err != nil {
			return err
		}
		if owner != userID {
			return errs.ErrNoRows
		}
		var before string
		if err := tx.QueryRowContext(ctx, "SELECT email FROM users WHERE id = $1", userID).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET email = $1 WHERE id = $2", email, userID); err != nil {
			return err
		}
		e.Changes = &audit.Changes{Before: map[string]any{"email": before}, After: map[string]any{"email": email}}
		return s.appendAudit(ctx, tx, &e)
	})
}
