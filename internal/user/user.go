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
