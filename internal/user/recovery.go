package user

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// Kinds of single-use links.
const (
	KindPasswordReset = "password_reset"
	KindEmailChange   = "email_change"
)

// OneTimeToken is a single-use link's stored half: the hash of its secret.
type OneTimeToken struct {
	Hash      string
	Kind      string
	UserID    string
	Data      string // the new address, for email changes
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (s *Service) issueToken(ctx context.Context, kind, userID, data string, ttl time.Duration, e audit.Entry) (string, time.Time, error) {
	secret := randomString(32)
	now := s.Now().UTC()
	t := OneTimeToken{Hash: HashSecret(secret), Kind: kind, UserID: userID, Data: data, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	return secret, t.ExpiresAt, s.Store.CreateOneTimeToken(ctx, t, e)
}

// RequestPasswordReset emails a reset link if the address belongs to an
// active member. It answers the same either way, so it cannot be used to
// find out who has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email = normaliseEmail(email)
	ok, _, err := s.Limiter.Allow(ctx, "reset:"+email)
	if err != nil || !ok {
		return err // throttled requests are silently dropped
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNoRows) || (err == nil && u.Status != StatusActive) {
		e := audit.NewEntry(ctx, "auth.password_reset_request", "user", "", email, audit.CategorySecurity, audit.SeverityMedium)
		e.Status, e.Error = audit.StatusFailure, "no active account"
		return s.Audit.Append(ctx, e)
	} else if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "auth.password_reset_request", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityMedium)
	secret, exp, err := s.issueToken(ctx, KindPasswordReset, u.ID, "", resetTTL, e)
	if err != nil {
		return err
	}
	if s.Mail != nil && s.Mail.Configured(ctx) {
		body := "Someone (hopefully you) asked to reset your Pagewright password.\n\nChoose a new password here:\n" +
			s.link(ctx, "/reset-password/"+secret) + "\n\nThe link works once and expires at " + exp.Format("15:04 MST") +
			". If you did not ask for this, ignore this email: your password stays as it is.\n"
		if err := s.Mail.SendMail(ctx, u.Email, "Reset your Pagewright password", body); err != nil {
			f := audit.NewEntry(ctx, "auth.password_reset_email", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityMedium)
			f.Status, f.Error = audit.StatusFailure, err.Error()
			return s.Audit.Append(ctx, f)
		}
	}
	return nil
}

var errResetInvalid = &errs.Error{Kind: errs.KindGone, Code: "reset.invalid",
	Message: "This link is not valid any more: it was used or has expired. Ask for a new one."}

// ResetPassword sets a new password from a reset link and ends every
// session of that member.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	hash := HashSecret(token)
	t, err := s.Store.PeekOneTimeToken(ctx, hash, KindPasswordReset, s.Now().UTC())
	if errors.Is(err, errs.ErrNoRows) {
		return errResetInvalid
	} else if err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, t.UserID)
	if err != nil {
		return err
	}
	if fe := checkPasswordRules("password", password, u.Email); fe != nil {
		return errs.Invalid("reset.invalid_password", "Choose a stronger password.", *fe)
	}
	pw, err := HashPassword(password)
	if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "auth.password_reset", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityHigh)
	e.ActorID, e.ActorName = u.ID, u.Name
	if err := s.Store.ResetPassword(ctx, hash, KindPasswordReset, s.Now().UTC(), pw, e); err != nil {
		if errors.Is(err, errs.ErrNoRows) {
			return errResetInvalid
		}
		return err
	}
	return nil
}

// UpdateProfile changes the signed-in member's name.
func (s *Service) UpdateProfile(ctx context.Context, name string) (User, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return User{}, errUnauthenticated
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return User{}, errs.Invalid("profile.invalid", "Enter a name (up to 200 characters).", errs.Field("name", "Enter a name (up to 200 characters).", name))
	}
	e := audit.NewEntry(ctx, "profile.update", "user", a.UserID, name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"name": a.Name}, After: map[string]any{"name": name}}
	if err := s.Store.SetName(ctx, a.UserID, name, e); err != nil {
		return User{}, err
	}
	return s.Store.UserByID(ctx, a.UserID)
}

// ChangePassword changes the signed-in member's password after checking
// the current one, and ends their other sessions.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return errUnauthenticated
	}
	if a.SessionID == "" {
		return errs.Forbidden("auth.session_required", "Sign in to change your password.")
	}
	u, err := s.Store.UserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	if !CheckPassword(u.PasswordHash, current) {
		e := audit.NewEntry(ctx, "profile.password_change", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityHigh)
		e.Status, e.Error = audit.StatusFailure, "wrong current password"
		_ = s.Audit.Append(ctx, e)
		return errs.Invalid("auth.wrong_password", "Your current password is not right.", errs.Field("currentPassword", "not right", nil))
	}
	if fe := checkPasswordRules("newPassword", next, u.Email); fe != nil {
		return errs.Invalid("profile.invalid_password", "Choose a stronger password.", *fe)
	}
	pw, err := HashPassword(next)
	if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "profile.password_change", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityHigh)
	return s.Store.SetPassword(ctx, u.ID, pw, a.SessionID, e)
}

// RequestEmailChange sends a confirmation link to the new address; the
// change applies when it is opened. The link is returned when email is
// not set up, for the member to open themselves.
func (s *Service) RequestEmailChange(ctx context.Context, email, password string) (string, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return "", errUnauthenticated
	}
	if a.SessionID == "" {
		return "", errs.Forbidden("auth.session_required", "Sign in to change your email.")
	}
	u, err := s.Store.UserByID(ctx, a.UserID)
	if err != nil {
		return "", err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return "", errs.Invalid("auth.wrong_password", "Your current password is not right.", errs.Field("password", "not right", nil))
	}
	email = normaliseEmail(email)
	if ad, err := mail.ParseAddress(email); err != nil || ad.Address != email {
		return "", errs.Invalid("profile.invalid_email", "Enter a valid email address.", errs.Field("email", "Enter a valid email address.", email))
	}
	if _, err := s.Store.UserByEmail(ctx, email); err == nil {
		return "", errs.Conflict("member.exists", "Another member already uses this email.")
	}
	e := audit.NewEntry(ctx, "profile.email_change_request", "user", u.ID, u.Email, audit.CategorySecurity, audit.SeverityMedium)
	e.Changes = &audit.Changes{After: map[string]any{"email": email}}
	secret, _, err := s.issueToken(ctx, KindEmailChange, u.ID, email, emailTTL, e)
	if err != nil {
		return "", err
	}
	link := s.link(ctx, "/confirm-email/"+secret)
	if s.Mail != nil && s.Mail.Configured(ctx) {
		body := "Confirm that this is your new email address for Pagewright:\n" + link + "\n\nIf you did not ask for this, ignore this email.\n"
		if err := s.Mail.SendMail(ctx, email, "Confirm your new email address", body); err == nil {
			return "", nil
		}
	}
	return link, nil
}

// ConfirmEmail applies an email change from its confirmation link.
func (s *Service) ConfirmEmail(ctx context.Context, token string) (User, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return User{}, errUnauthenticated
	}
	e := audit.NewEntry(ctx, "profile.email_change", "user", a.UserID, a.Name, audit.CategorySecurity, audit.SeverityHigh)
	if err := s.Store.ConfirmEmail(ctx, HashSecret(token), a.UserID, s.Now().UTC(), e); err != nil {
		switch {
		case errors.Is(err, errs.ErrNoRows):
			return User{}, &errs.Error{Kind: errs.KindGone, Code: "email.invalid", Message: "This confirmation link is not valid any more: it was used or has expired."}
		case errors.Is(err, errs.ErrDuplicate):
			return User{}, errs.Conflict("member.exists", "Another member already uses this email.")
		}
		return User{}, err
	}
	return s.Store.UserByID(ctx, a.UserID)
}
