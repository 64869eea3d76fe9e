// Package user is identity: the organisation, its members, sign-in
// sessions and personal API tokens.
package user

import (
	"context"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
)

// Org is the organisation that owns this instance.
type Org struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// User is a member of the organisation.
type User struct {
	ID           string      `json:"id"`
	OrgID        string      `json:"-"`
	Email        string      `json:"email"`
	Name         string      `json:"name"`
	Role         access.Role `json:"role"`
	Status       string      `json:"status"`
	PasswordHash string      `json:"-"`
	CreatedAt    time.Time   `json:"createdAt"`
	LastLoginAt  *time.Time  `json:"lastLoginAt"`
}

// Member statuses.
const (
	StatusActive      = "active"
	StatusDeactivated = "deactivated"
)

// Session is a signed-in browser. Only the SHA-256 of its cookie value is
// stored, so a leaked database does not leak live sessions.
type Session struct {
	IDHash     string
	UserID     string
	CSRFToken  string
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Token is a personal API token. Only its hash is stored; the secret is
// shown once on creation.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"-"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
	ExpiresAt  *time.Time `json:"expiresAt"`
	RevokedAt  *time.Time `json:"-"`
}

// Store persists identity. Mutating methods take the audit entry to append
// in the same transaction.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	// Setup creates the organisation, its first admin and a session; it
	// fails with errs.ErrDuplicate if the organisation already exists.
	Setup(ctx context.Context, org Org, u User, s Session, e audit.Entry) error
	CreateUser(ctx context.Context, u User, e audit.Entry) error
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByID(ctx context.Context, id string) (User, error)
	Org(ctx context.Context) (Org, error)
	Grants(ctx context.Context, userID string) ([]access.Grant, error)
	// SessionPrincipal and TokenPrincipal resolve a credential hash to its
	// session or token, user and grants in one round trip: they run on
	// every authenticated request.
	SessionPrincipal(ctx context.Context, hash string) (Session, User, []access.Grant, error)
	TokenPrincipal(ctx context.Context, hash string) (Token, User, []access.Grant, error)

	CreateSession(ctx context.Context, s Session, e audit.Entry) error
	SessionByHash(ctx context.Context, hash string) (Session, error)
	TouchSession(ctx context.Context, hash string, seen, expires time.Time) error
	DeleteSession(ctx context.Context, hash string, e audit.Entry) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	Tokens(ctx context.Context, userID string) ([]Token, error)
	CreateToken(ctx context.Context, t Token, e audit.Entry) error
	TokenByHash(ctx context.Context, hash string) (Token, error)
	RevokeToken(ctx context.Context, userID, id string, at time.Time, e audit.Entry) error
	TouchToken(ctx context.Context, id string, at time.Time) error

	// Members. SetRole, SetStatus and RemoveUser return ErrLastAdmin
	// (checked in the same transaction) rather than leave no active Admin;
	// SetStatus(deactivated) and RemoveUser end sessions and tokens too.
	ListMembers(ctx context.Context, f MemberFilter) ([]Member, error)
	SetRole(ctx context.Context, id string, role access.Role, e audit.Entry) error
	SetStatus(ctx context.Context, id, status string, e audit.Entry) error
	RemoveUser(ctx context.Context, id string, e audit.Entry) error
	PutGrant(ctx context.Context, userID string, g access.Grant, e audit.Entry) error
	DeleteGrant(ctx context.Context, userID string, rt access.ResourceType, resID string, e audit.Entry) error
	ResourceName(ctx context.Context, rt access.ResourceType, id string) (string, error)
	SetName(ctx context.Context, id, name string, e audit.Entry) error
	// SetPassword replaces the hash and ends every session but keep.
	SetPassword(ctx context.Context, id, hash, keep string, e audit.Entry) error

	CreateInvitation(ctx context.Context, inv Invitation, e audit.Entry) error
	ListInvitations(ctx context.Context) ([]Invitation, error)
	InvitationByID(ctx context.Context, id string) (Invitation, error)
	InvitationByToken(ctx context.Context, hash string) (Invitation, error)
	// UpdateInvitation saves status, token, expiry and email state; e may
	// be nil for bookkeeping that needs no entry of its own.
	UpdateInvitation(ctx context.Context, inv Invitation, e *audit.Entry) error
	// AcceptInvitation creates the user with the invitation's grants and a
	// session, and marks it accepted, if it is still pending (errs.ErrStale
	// otherwise).
	AcceptInvitation(ctx context.Context, inv Invitation, u User, s Session, e audit.Entry) error

	CreateOneTimeToken(ctx context.Context, t OneTimeToken, e audit.Entry) error
	// PeekOneTimeToken returns an unused, unexpired token of that kind.
	PeekOneTimeToken(ctx context.Context, hash, kind string, now time.Time) (OneTimeToken, error)
	// ResetPassword uses a reset token (errs.ErrNoRows if used or expired),
	// sets the password and ends every session of the user, at once.
	ResetPassword(ctx context.Context, hash, kind string, now time.Time, pwHash string, e audit.Entry) error
	// ConfirmEmail uses an email-change token of userID and applies it.
	ConfirmEmail(ctx context.Context, hash, userID string, now time.Time, e audit.Entry) error
}

// Appender records audit entries that accompany no change, such as a
// failed sign-in.
type Appender interface {
	Append(ctx context.Context, e audit.Entry) error
}

// Limiter throttles sign-in attempts per key.
type Limiter interface {
	Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)
}
