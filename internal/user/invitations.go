package user

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// Invitation statuses.
const (
	InvitePending  = "pending"
	InviteAccepted = "accepted"
	InviteRevoked  = "revoked"
	InviteExpired  = "expired"
)

// Email delivery states of an invitation.
const (
	EmailSent          = "sent"
	EmailFailed        = "failed"
	EmailNotConfigured = "not_configured"
)

const (
	inviteTTL = 7 * 24 * time.Hour
	resetTTL  = time.Hour
	emailTTL  = 24 * time.Hour
)

// Invitation is a pending offer to join with a role. Only the hash of its
// link's token is stored.
type Invitation struct {
	ID          string      `json:"id"`
	Email       string      `json:"email"`
	Role        access.Role `json:"role" enum:"admin,editor,viewer"`
	Grants      []GrantView `json:"grants"`
	Status      string      `json:"status" enum:"pending,accepted,revoked,expired"`
	InvitedBy   UserRef     `json:"invitedBy"`
	CreatedAt   time.Time   `json:"createdAt"`
	ExpiresAt   time.Time   `json:"expiresAt"`
	EmailStatus string      `json:"emailStatus" enum:"sent,failed,not_configured"`
	EmailError  string      `json:"emailError"`
	TokenHash   string      `json:"-"`
}

// UserRef names a user briefly.
type UserRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Mailer sends email when the instance has an email server configured.
type Mailer interface {
	Configured(ctx context.Context) bool
	SendMail(ctx context.Context, to, subject, text string) error
}

// InviteInput is what an Admin fills in to invite someone.
type InviteInput struct {
	Email  string
	Role   access.Role
	Grants []access.Grant
}

// Invite creates an invitation and emails its link when email is set up.
// The link is returned either way so the Admin can pass it on; an
// invitation whose email fails is kept, with the failure, for a resend.
func (s *Service) Invite(ctx context.Context, in InviteInput) (Invitation, string, error) {
	if err := s.manage(ctx, in.Email); err != nil {
		return Invitation{}, "", err
	}
	email := normaliseEmail(in.Email)
	var fe []errs.FieldError
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		fe = append(fe, errs.Field("email", "Enter a valid email address.", in.Email))
	}
	if !in.Role.Valid() {
		fe = append(fe, errs.Field("role", "Role must be admin, editor or viewer.", in.Role))
	}
	if len(fe) > 0 {
		return Invitation{}, "", errs.Invalid("invitation.invalid_fields", "Some fields need attention.", fe...)
	}
	inv := Invitation{ID: newID(), Email: email, Role: in.Role, Grants: []GrantView{}, Status: InvitePending, EmailStatus: EmailNotConfigured}
	for i, g := range in.Grants {
		name, err := s.checkGrant(ctx, g, fmt.Sprintf("body.grants[%d]", i))
		if err != nil {
			return Invitation{}, "", err
		}
		inv.Grants = append(inv.Grants, GrantView{ResourceType: g.ResourceType, ResourceID: g.ResourceID, ResourceName: name, Role: g.Role})
	}
	if _, err := s.Store.UserByEmail(ctx, email); err == nil {
		return Invitation{}, "", errs.Conflict("member.exists", "Someone with this email is already a member.")
	} else if !errors.Is(err, errs.ErrNoRows) {
		return Invitation{}, "", err
	}
	a := access.ActorFrom(ctx)
	now := s.Now().UTC()
	inv.InvitedBy = UserRef{ID: a.UserID, Name: a.Name}
	inv.CreatedAt, inv.ExpiresAt = now, now.Add(inviteTTL)
	secret := randomString(32)
	inv.TokenHash = HashSecret(secret)
	e := audit.NewEntry(ctx, "member.invite", "invitation", inv.ID, inv.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{After: map[string]any{"email": inv.Email, "role": inv.Role, "grants": len(inv.Grants)}}
	if err := s.Store.CreateInvitation(ctx, inv, e); err != nil {
		if errors.Is(err, errs.ErrDuplicate) {
			return Invitation{}, "", errs.Conflict("invitation.pending", "This person already has a pending invitation. Resend it instead.")
		}
		return Invitation{}, "", err
	}
	link := s.link(ctx, "/invite/"+secret)
	inv = s.deliver(ctx, inv, link)
	return inv, link, nil
}

// deliver emails the invitation link and records how that went.
func (s *Service) deliver(ctx context.Context, inv Invitation, link string) Invitation {
	if s.Mail == nil || !s.Mail.Configured(ctx) {
		inv.EmailStatus, inv.EmailError = EmailNotConfigured, ""
	} else {
		org, _ := s.Store.Org(ctx)
		body := fmt.Sprintf("%s has invited you to join %s on Pagewright as %s.\n\nAccept the invitation and choose your password here:\n%s\n\nThe link works once and expires on %s.\nIf you were not expecting this, you can ignore this email.\n",
			inv.InvitedBy.Name, org.Name, roleTitle(inv.Role), link, inv.ExpiresAt.Format("2 January 2006 15:04 MST"))
		if err := s.Mail.SendMail(ctx, inv.Email, "You're invited to "+org.Name+" on Pagewright", body); err != nil {
			inv.EmailStatus, inv.EmailError = EmailFailed, err.Error()
		} else {
			inv.EmailStatus, inv.EmailError = EmailSent, ""
		}
	}
	_ = s.Store.UpdateInvitation(ctx, inv, nil)
	return inv
}

func roleTitle(r access.Role) string {
	if r == "" {
		return ""
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// ListInvitations lists invitations, optionally by status (Admins only).
func (s *Service) ListInvitations(ctx context.Context, status string) ([]Invitation, error) {
	if err := s.manage(ctx, ""); err != nil {
		return nil, err
	}
	list, err := s.Store.ListInvitations(ctx)
	if err != nil {
		return nil, err
	}
	out := []Invitation{}
	now := s.Now()
	for _, inv := range list {
		if inv.Status == InvitePending && !now.Before(inv.ExpiresAt) {
			inv.Status = InviteExpired
		}
		if status == "" || inv.Status == status {
			out = append(out, inv)
		}
	}
	return out, nil
}

func (s *Service) invitation(ctx context.Context, id string) (Invitation, error) {
	if err := s.manage(ctx, id); err != nil {
		return Invitation{}, err
	}
	inv, err := s.Store.InvitationByID(ctx, id)
	if errors.Is(err, errs.ErrNoRows) {
		return Invitation{}, errs.NotFound("invitation")
	}
	return inv, err
}

// Resend issues a new link (the old one stops working) with a new expiry.
func (s *Service) Resend(ctx context.Context, id string) (Invitation, string, error) {
	inv, err := s.invitation(ctx, id)
	if err != nil {
		return Invitation{}, "", err
	}
	if inv.Status != InvitePending {
		return Invitation{}, "", errs.Conflict("invitation.not_pending", "This invitation was "+inv.Status+"; invite them again instead.")
	}
	secret := randomString(32)
	inv.TokenHash = HashSecret(secret)
	inv.ExpiresAt = s.Now().UTC().Add(inviteTTL)
	e := audit.NewEntry(ctx, "member.invite_resend", "invitation", inv.ID, inv.Email, audit.CategoryAccess, audit.SeverityMedium)
	if err := s.Store.UpdateInvitation(ctx, inv, &e); err != nil {
		return Invitation{}, "", err
	}
	link := s.link(ctx, "/invite/"+secret)
	return s.deliver(ctx, inv, link), link, nil
}

// RevokeInvitation cancels a pending invitation.
func (s *Service) RevokeInvitation(ctx context.Context, id string) error {
	inv, err := s.invitation(ctx, id)
	if err != nil {
		return err
	}
	if inv.Status != InvitePending {
		return errs.Conflict("invitation.not_pending", "This invitation is already "+inv.Status+".")
	}
	inv.Status = InviteRevoked
	e := audit.NewEntry(ctx, "member.invite_revoke", "invitation", inv.ID, inv.Email, audit.CategoryAccess, audit.SeverityMedium)
	return s.Store.UpdateInvitation(ctx, inv, &e)
}

var errInviteInvalid = &errs.Error{Kind: errs.KindGone, Code: "invitation.invalid",
	Message: "This invitation link is not valid any more: it was used, revoked or has expired. Ask an Admin for a new one."}

// InvitationFor looks up a pending invitation by its link token (public).
func (s *Service) InvitationFor(ctx context.Context, token string) (Invitation, Org, error) {
	inv, err := s.Store.InvitationByToken(ctx, HashSecret(token))
	if errors.Is(err, errs.ErrNoRows) || (err == nil && (inv.Status != InvitePending || !s.Now().Before(inv.ExpiresAt))) {
		return Invitation{}, Org{}, errInviteInvalid
	} else if err != nil {
		return Invitation{}, Org{}, err
	}
	org, err := s.Store.Org(ctx)
	return inv, org, err
}

// Accept turns an invitation into a member and signs them in.
func (s *Service) Accept(ctx context.Context, token, name, password string) (Credentials, error) {
	inv, org, err := s.InvitationFor(ctx, token)
	if err != nil {
		return Credentials{}, err
	}
	u, fe := s.newUser(name, inv.Email, password, inv.Role)
	if len(fe) > 0 {
		return Credentials{}, errs.Invalid("invitation.invalid_fields", "Some fields need attention.", fe...)
	}
	u.OrgID = org.ID
	if err := u.hashPassword(password); err != nil {
		return Credentials{}, err
	}
	now := s.Now().UTC()
	secret, sess := s.newSession(ctx, u.ID, now)
	e := audit.NewEntry(ctx, "member.join", "user", u.ID, u.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.ActorID, e.ActorName = u.ID, u.Name
	e.Changes = &audit.Changes{After: map[string]any{"role": u.Role, "invitation": inv.ID}}
	if err := s.Store.AcceptInvitation(ctx, inv, u, sess, e); err != nil {
		switch {
		case errors.Is(err, errs.ErrStale):
			return Credentials{}, errInviteInvalid
		case errors.Is(err, errs.ErrDuplicate):
			return Credentials{}, errs.Conflict("member.exists", "Someone with this email is already a member. Sign in instead.")
		}
		return Credentials{}, err
	}
	return Credentials{Token: secret, Session: sess, User: u, Org: org}, nil
}

// link makes an absolute link for emails from the configured base URL, or
// the one the request came in on.
func (s *Service) link(ctx context.Context, path string) string {
	base := s.BaseURL
	if base == "" {
		base, _ = ctx.Value(linkBaseKey{}).(string)
	}
	return strings.TrimRight(base, "/") + path
}

type linkBaseKey struct{}

// WithLinkBase records the scheme and host a request came in on, for links
// in emails when no base URL is configured.
func WithLinkBase(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, linkBaseKey{}, base)
}
