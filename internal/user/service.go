package user

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// Service implements setup, sign-in, sessions and API tokens.
type Service struct {
	Store    Store
	Audit    Appender
	Limiter  Limiter
	Auth     access.Authorizer
	Mail     Mailer // nil or unconfigured: links are shown to the Admin instead
	BaseURL  string // for links in emails; else the request's own
	Now      func() time.Time
	IdleTTL  time.Duration // a session expires after this long unused
	MaxTTL   time.Duration // and after this long in any case
	touchGap time.Duration
}

// NewService returns a Service with default session lifetimes.
func NewService(st Store, a Appender, l Limiter) *Service {
	return &Service{Store: st, Audit: a, Limiter: l, Now: time.Now, IdleTTL: 12 * time.Hour, MaxTTL: 7 * 24 * time.Hour, touchGap: time.Minute}
}

// SetupInput creates the organisation and its first admin.
type SetupInput struct {
	OrganizationName string
	Name             string
	Email            string
	Password         string
}

// Credentials is the result of signing in: the cookie value (secret) and
// what the UI needs.
type Credentials struct {
	Token   string
	Session Session
	User    User
	Org     Org
}

// SetupRequired reports whether the instance has no users yet.
func (s *Service) SetupRequired(ctx context.Context) (bool, error) {
	n, err := s.Store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the organisation and first admin, and signs them in.
func (s *Service) Setup(ctx context.Context, in SetupInput) (Credentials, error) {
	var fields []errs.FieldError
	in.OrganizationName = strings.TrimSpace(in.OrganizationName)
	if in.OrganizationName == "" || utf8.RuneCountInString(in.OrganizationName) > 200 {
		fields = append(fields, errs.Field("organizationName", "Enter your organisation's name (up to 200 characters).", in.OrganizationName))
	}
	u, fe := s.newUser(in.Name, in.Email, in.Password, access.RoleAdmin)
	fields = append(fields, fe...)
	if len(fields) > 0 {
		return Credentials{}, errs.Invalid("setup.invalid", "Some fields need attention.", fields...)
	}
	if n, err := s.Store.CountUsers(ctx); err != nil {
		return Credentials{}, err
	} else if n > 0 {
		return Credentials{}, errs.Conflict("setup.already_done", "This instance is already set up. Sign in instead.")
	}
	now := s.Now().UTC()
	org := Org{ID: newID(), Name: in.OrganizationName, CreatedAt: now}
	u.OrgID = org.ID
	if err := u.hashPassword(in.Password); err != nil {
		return Credentials{}, err
	}
	token, sess := s.newSession(ctx, u.ID, now)
	e := s.entry(ctx, "org.setup", "org", org.ID, org.Name, audit.CategoryConfiguration, audit.SeverityHigh)
	e.ActorID, e.ActorName = u.ID, u.Name
	e.Changes = &audit.Changes{After: map[string]any{"organization": org.Name, "admin": u.Email}}
	if err := s.Store.Setup(ctx, org, u, sess, e); err != nil {
		if err == errs.ErrDuplicate {
			return Credentials{}, errs.Conflict("setup.already_done", "This instance is already set up. Sign in instead.")
		}
		return Credentials{}, err
	}
	return Credentials{Token: token, Session: sess, User: u, Org: org}, nil
}

// CreateUserInput is used by the CLI and, later, invitations.
type CreateUserInput struct {
	OrganizationName string // used only when the instance is not set up yet
	Name             string
	Email            string
	Password         string
	Role             access.Role
}

// CreateUser adds a member directly (the `user create` command). On an
// empty instance it performs setup; the first user is always an Admin.
func (s *Service) CreateUser(ctx context.Context, in CreateUserInput) (User, error) {
	n, err := s.Store.CountUsers(ctx)
	if err != nil {
		return User{}, err
	}
	if n == 0 {
		if in.OrganizationName == "" {
			in.OrganizationName = "My organisation"
		}
		c, err := s.Setup(ctx, SetupInput{OrganizationName: in.OrganizationName, Name: in.Name, Email: in.Email, Password: in.Password})
		if err == nil {
			// The CLI does not need the session; end it.
			_ = s.Store.DeleteSession(ctx, c.Session.IDHash, s.entry(ctx, "auth.logout", "user", c.User.ID, c.User.Email, audit.CategorySecurity, audit.SeverityLow))
		}
		return c.User, err
	}
	if !in.Role.Valid() {
		return User{}, errs.Invalid("user.invalid_role", "Role must be admin, editor or viewer.", errs.Field("role", "unknown role", in.Role))
	}
	u, fields := s.newUser(in.Name, in.Email, in.Password, in.Role)
	if len(fields) > 0 {
		return User{}, errs.Invalid("user.invalid", "Some fields need attention.", fields...)
	}
	org, err := s.Store.Org(ctx)
	if err != nil {
		return User{}, err
	}
	u.OrgID = org.ID
	if err := u.hashPassword(in.Password); err != nil {
		return User{}, err
	}
	e := s.entry(ctx, "user.create", "user", u.ID, u.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{After: map[string]any{"email": u.Email, "role": u.Role}}
	if err := s.Store.CreateUser(ctx, u, e); err != nil {
		if err == errs.ErrDuplicate {
			return User{}, errs.Conflict("user.email_taken", "A member with this email already exists.")
		}
		return User{}, err
	}
	return u, nil
}

// Login checks credentials and opens a session. Its errors never reveal
// whether an account exists.
func (s *Service) Login(ctx context.Context, email, password string) (Credentials, error) {
	email = normaliseEmail(email)
	meta := audit.MetaFrom(ctx)
	for _, key := range []string{"login:email:" + email, "login:ip:" + meta.IP} {
		ok, retry, err := s.Limiter.Allow(ctx, key)
		if err != nil {
			return Credentials{}, err
		}
		if !ok {
			e := s.entry(ctx, "auth.login", "user", "", email, audit.CategorySecurity, audit.SeverityHigh)
			e.Status, e.Error = audit.StatusFailure, "rate limited"
			_ = s.Audit.Append(ctx, e)
			return Credentials{}, &errs.Error{Kind: errs.KindRateLimited, Code: "auth.rate_limited", RetryAfter: retry,
				Message: "Too many sign-in attempts. Try again in " + retry.Round(time.Second).String() + "."}
		}
	}
	u, err := s.Store.UserByEmail(ctx, email)
	found := err == nil
	if err != nil && err != errs.ErrNoRows {
		return Credentials{}, err
	}
	hash := dummyHash
	if found {
		hash = u.PasswordHash
	}
	ok := CheckPassword(hash, password)
	if !found || !ok || u.Status != StatusActive {
		e := s.entry(ctx, "auth.login", "user", u.ID, email, audit.CategorySecurity, audit.SeverityMedium)
		e.Status, e.Error = audit.StatusFailure, "invalid credentials"
		if err := s.Audit.Append(ctx, e); err != nil {
			return Credentials{}, err
		}
		return Credentials{}, &errs.Error{Kind: errs.KindUnauthenticated, Code: "auth.invalid_credentials", Message: "The email or password is not right."}
	}
	now := s.Now().UTC()
	token, sess := s.newSession(ctx, u.ID, now)
	e := s.entry(ctx, "auth.login", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityLow)
	e.ActorID, e.ActorName = u.ID, u.Name
	if err := s.Store.CreateSession(ctx, sess, e); err != nil {
		return Credentials{}, err
	}
	org, err := s.Store.Org(ctx)
	if err != nil {
		return Credentials{}, err
	}
	u.LastLoginAt = &now
	return Credentials{Token: token, Session: sess, User: u, Org: org}, nil
}

// Logout ends the session in ctx's actor.
func (s *Service) Logout(ctx context.Context) error {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() || a.SessionID == "" {
		return errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "You are not signed in.")
	}
	e := s.entry(ctx, "auth.logout", "user", a.UserID, a.Name, audit.CategorySecurity, audit.SeverityLow)
	return s.Store.DeleteSession(ctx, a.SessionID, e)
}

var errUnauthenticated = &errs.Error{Kind: errs.KindUnauthenticated, Code: "auth.unauthenticated", Message: "Your session has ended. Sign in again."}

// AuthenticateSession resolves a session cookie value to an actor, sliding
// the idle expiry forward.
func (s *Service) AuthenticateSession(ctx context.Context, token string) (*access.Actor, Session, error) {
	if token == "" {
		return nil, Session{}, errUnauthenticated
	}
	hash := HashSecret(token)
	sess, u, grants, err := s.Store.SessionPrincipal(ctx, hash)
	if err == errs.ErrNoRows {
		return nil, Session{}, errUnauthenticated
	} else if err != nil {
		return nil, Session{}, err
	}
	now := s.Now().UTC()
	if !now.Before(sess.ExpiresAt) || u.Status != StatusActive {
		return nil, Session{}, errUnauthenticated
	}
	actor := &access.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Grants: grants, SessionID: hash}
	if now.Sub(sess.LastSeenAt) > s.touchGap {
		exp := now.Add(s.IdleTTL)
		if limit := sess.CreatedAt.Add(s.MaxTTL); exp.After(limit) {
			exp = limit
		}
		if err := s.Store.TouchSession(ctx, hash, now, exp); err != nil {
			return nil, Session{}, err
		}
	}
	return actor, sess, nil
}

// AuthenticateToken resolves a bearer API token to an actor.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (*access.Actor, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, errUnauthenticated
	}
	t, u, grants, err := s.Store.TokenPrincipal(ctx, HashSecret(secret))
	if err == errs.ErrNoRows {
		return nil, errUnauthenticated
	} else if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)) || u.Status != StatusActive {
		return nil, errUnauthenticated
	}
	actor := &access.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Grants: grants, TokenID: t.ID}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > s.touchGap {
		if err := s.Store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return actor, nil
}

// Me returns the signed-in user and organisation.
func (s *Service) Me(ctx context.Context) (User, Org, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return User{}, Org{}, errUnauthenticated
	}
	u, err := s.Store.UserByID(ctx, a.UserID)
	if err != nil {
		return User{}, Org{}, err
	}
	org, err := s.Store.Org(ctx)
	return u, org, err
}

// SessionByToken returns the session for a cookie value (for the CSRF token).
func (s *Service) SessionByToken(ctx context.Context, token string) (Session, error) {
	return s.Store.SessionByHash(ctx, HashSecret(token))
}

// CleanupSessions deletes expired sessions; run by a periodic job.
func (s *Service) CleanupSessions(ctx context.Context) (int64, error) {
	return s.Store.DeleteExpiredSessions(ctx, s.Now().UTC())
}

const tokenPrefix = "pw_"

// ListTokens lists the actor's own API tokens that are not revoked.
func (s *Service) ListTokens(ctx context.Context) ([]Token, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return nil, errUnauthenticated
	}
	return s.Store.Tokens(ctx, a.UserID)
}

// CreateToken issues an API token for the actor; the secret is returned
// once and never stored.
func (s *Service) CreateToken(ctx context.Context, name string, expiresInDays int) (Token, string, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return Token{}, "", errUnauthenticated
	}
	if a.TokenID != "" {
		// A leaked token must not be able to mint itself a successor that
		// outlives its revocation.
		e := s.entry(ctx, string(access.TokenManage), "token", "", name, audit.CategoryAccess, audit.SeverityHigh)
		e.Status, e.Error = audit.StatusFailure, "API tokens cannot create API tokens"
		if err := s.Audit.Append(ctx, e); err != nil {
			return Token{}, "", err
		}
		return Token{}, "", errs.Forbidden("access.denied", "An API token cannot create other API tokens. Sign in to create one.")
	}
	name = strings.TrimSpace(name)
	var fields []errs.FieldError
	if name == "" || utf8.RuneCountInString(name) > 100 {
		fields = append(fields, errs.Field("name", "Give the token a name (up to 100 characters) so you know where it is used.", name))
	}
	if expiresInDays < 0 || expiresInDays > 3650 {
		fields = append(fields, errs.Field("expiresInDays", "Use 0 (never) to 3650 days.", expiresInDays))
	}
	if len(fields) > 0 {
		return Token{}, "", errs.Invalid("token.invalid", "Some fields need attention.", fields...)
	}
	secret := tokenPrefix + randomString(32)
	now := s.Now().UTC()
	t := Token{ID: newID(), UserID: a.UserID, Name: name, Prefix: secret[:10], Hash: HashSecret(secret), CreatedAt: now}
	if expiresInDays > 0 {
		exp := now.AddDate(0, 0, expiresInDays)
		t.ExpiresAt = &exp
	}
	e := s.entry(ctx, "token.create", "token", t.ID, t.Name, audit.CategorySecurity, audit.SeverityMedium)
	if err := s.Store.CreateToken(ctx, t, e); err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

// RevokeToken revokes one of the actor's tokens.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return errUnauthenticated
	}
	e := s.entry(ctx, "token.revoke", "token", id, "", audit.CategorySecurity, audit.SeverityMedium)
	err := s.Store.RevokeToken(ctx, a.UserID, id, s.Now().UTC(), e)
	if err == errs.ErrNoRows {
		return errs.NotFound("token")
	}
	return err
}

func (s *Service) newUser(name, email, password string, role access.Role) (User, []errs.FieldError) {
	var fields []errs.FieldError
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		fields = append(fields, errs.Field("name", "Enter a name (up to 200 characters).", name))
	}
	email = normaliseEmail(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		fields = append(fields, errs.Field("email", "Enter a valid email address.", email))
	}
	if fe := checkPasswordRules("password", password, email); fe != nil {
		fields = append(fields, *fe)
	}
	now := s.Now().UTC()
	return User{ID: newID(), Email: email, Name: name, Role: role, Status: StatusActive, CreatedAt: now}, fields
}

func (u *User) hashPassword(pw string) error {
	h, err := HashPassword(pw)
	u.PasswordHash = h
	return err
}

func (s *Service) newSession(ctx context.Context, userID string, now time.Time) (string, Session) {
	token := randomString(32)
	meta := audit.MetaFrom(ctx)
	return token, Session{
		IDHash: HashSecret(token), UserID: userID, CSRFToken: randomString(32),
		IP: meta.IP, UserAgent: truncate(meta.UserAgent, 500),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.IdleTTL),
	}
}

func (s *Service) entry(ctx context.Context, action, resType, resID, resName, category, severity string) audit.Entry {
	return audit.NewEntry(ctx, action, resType, resID, resName, category, severity)
}

// HashSecret is how session and token secrets are stored: high-entropy
// random values need no slow hash, only a one-way one.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

func normaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
