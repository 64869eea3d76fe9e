package user

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// Member statuses beyond active and deactivated: a removed member keeps
// their row (so their name stays on audit entries and versions) but has no
// email and no access.
const StatusRemoved = "removed"

// ErrLastAdmin is returned by stores when a change would leave no active
// Admin.
var ErrLastAdmin = errors.New("last admin")

// GrantView is a grant with the name of what it is on.
type GrantView struct {
	ResourceType access.ResourceType `json:"resourceType" enum:"site,page"`
	ResourceID   string              `json:"resourceId"`
	ResourceName string              `json:"resourceName"`
	Role         access.Role         `json:"role" enum:"admin,editor,viewer"`
}

// Member is a user with their grants, for the members screen.
type Member struct {
	User
	Grants []GrantView `json:"grants"`
}

// MemberFilter narrows the members list.
type MemberFilter struct {
	ID     string // one member
	Q      string // part of the name or email
	Role   string
	Status string
}

func (s *Service) manage(ctx context.Context, name string) error {
	return s.Auth.Authorize(ctx, access.MemberMgmt, access.Org(), name)
}

// ListMembers lists the organisation's members (Admins only).
func (s *Service) ListMembers(ctx context.Context, f MemberFilter) ([]Member, error) {
	if err := s.manage(ctx, ""); err != nil {
		return nil, err
	}
	f.Q = strings.ToLower(strings.TrimSpace(f.Q))
	return s.Store.ListMembers(ctx, f)
}

// member loads a member for an admin action.
func (s *Service) member(ctx context.Context, id string) (Member, error) {
	if err := s.manage(ctx, id); err != nil {
		return Member{}, err
	}
	return s.reload(ctx, id)
}

// reload reads one member as the members list shows them.
func (s *Service) reload(ctx context.Context, id string) (Member, error) {
	ms, err := s.Store.ListMembers(ctx, MemberFilter{ID: id})
	if err != nil {
		return Member{}, err
	}
	if len(ms) != 1 {
		return Member{}, errs.NotFound("member")
	}
	return ms[0], nil
}

var errLastAdmin = errs.Conflict("member.last_admin", "This is the last active Admin. Make someone else an Admin first.")

func memberErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrLastAdmin):
		return errLastAdmin
	case errors.Is(err, errs.ErrNoRows):
		return errs.NotFound("member")
	}
	return err
}

// ChangeRole sets a member's organisation role.
func (s *Service) ChangeRole(ctx context.Context, id string, role access.Role) (Member, error) {
	m, err := s.member(ctx, id)
	if err != nil {
		return Member{}, err
	}
	if !role.Valid() {
		return Member{}, errs.Invalid("member.invalid_role", "Role must be admin, editor or viewer.", errs.Field("role", "unknown role", role))
	}
	e := audit.NewEntry(ctx, "member.role_change", "user", m.ID, m.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"role": m.Role}, After: map[string]any{"role": role}}
	if err := memberErr(s.Store.SetRole(ctx, id, role, e)); err != nil {
		return Member{}, err
	}
	return s.reload(ctx, id)
}

// PutGrant gives a member a role on one site or page.
func (s *Service) PutGrant(ctx context.Context, id string, g access.Grant) (Member, error) {
	m, err := s.member(ctx, id)
	if err != nil {
		return Member{}, err
	}
	name, err := s.checkGrant(ctx, g, "body")
	if err != nil {
		return Member{}, err
	}
	e := audit.NewEntry(ctx, "member.grant", "user", m.ID, m.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{After: map[string]any{"resourceType": g.ResourceType, "resourceId": g.ResourceID, "resourceName": name, "role": g.Role}}
	if err := memberErr(s.Store.PutGrant(ctx, id, g, e)); err != nil {
		return Member{}, err
	}
	return s.reload(ctx, id)
}

func (s *Service) checkGrant(ctx context.Context, g access.Grant, loc string) (string, error) {
	if g.ResourceType != access.ResSite && g.ResourceType != access.ResPage {
		return "", errs.Invalid("member.invalid_grant", "Grants are on a site or a page.", errs.FieldError{Location: loc + ".resourceType", Message: "must be site or page", Value: g.ResourceType})
	}
	if !g.Role.Valid() {
		return "", errs.Invalid("member.invalid_grant", "Role must be admin, editor or viewer.", errs.FieldError{Location: loc + ".role", Message: "unknown role", Value: g.Role})
	}
	name, err := s.Store.ResourceName(ctx, g.ResourceType, g.ResourceID)
	if errors.Is(err, errs.ErrNoRows) {
		return "", errs.Invalid("member.invalid_grant", "That "+string(g.ResourceType)+" does not exist.", errs.FieldError{Location: loc + ".resourceId", Message: "not found", Value: g.ResourceID})
	}
	return name, err
}

// RevokeGrant removes a member's grant on one site or page.
func (s *Service) RevokeGrant(ctx context.Context, id string, rt access.ResourceType, resID string) (Member, error) {
	m, err := s.member(ctx, id)
	if err != nil {
		return Member{}, err
	}
	e := audit.NewEntry(ctx, "member.revoke_grant", "user", m.ID, m.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"resourceType": rt, "resourceId": resID}}
	if err := s.Store.DeleteGrant(ctx, id, rt, resID, e); err != nil {
		if errors.Is(err, errs.ErrNoRows) {
			return Member{}, errs.NotFound("grant")
		}
		return Member{}, err
	}
	return s.reload(ctx, id)
}

// SetActive deactivates (ending every session and API token at once) or
// reactivates a member.
func (s *Service) SetActive(ctx context.Context, id string, active bool) (Member, error) {
	m, err := s.member(ctx, id)
	if err != nil {
		return Member{}, err
	}
	if a := access.ActorFrom(ctx); a.UserID == id {
		return Member{}, errs.Conflict("member.self", "You cannot deactivate yourself.")
	}
	status, action := StatusDeactivated, "member.deactivate"
	if active {
		status, action = StatusActive, "member.reactivate"
	}
	e := audit.NewEntry(ctx, action, "user", m.ID, m.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"status": m.Status}, After: map[string]any{"status": status}}
	if err := memberErr(s.Store.SetStatus(ctx, id, status, e)); err != nil {
		return Member{}, err
	}
	return s.reload(ctx, id)
}

// Remove takes away a member's access for good. Their name stays on the
// audit log and on what they changed.
func (s *Service) Remove(ctx context.Context, id string) error {
	m, err := s.member(ctx, id)
	if err != nil {
		return err
	}
	if a := access.ActorFrom(ctx); a.UserID == id {
		return errs.Conflict("member.self", "You cannot remove yourself.")
	}
	e := audit.NewEntry(ctx, "member.remove", "user", m.ID, m.Email, audit.CategoryAccess, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"email": m.Email, "role": m.Role, "status": m.Status}}
	return memberErr(s.Store.RemoveUser(ctx, id, e))
}

// AdminResetLink issues a single-use password reset link for a member, for
// Admins to pass on when email is not set up.
func (s *Service) AdminResetLink(ctx context.Context, id string) (string, time.Time, error) {
	m, err := s.member(ctx, id)
	if err != nil {
		return "", time.Time{}, err
	}
	if m.Status != StatusActive {
		return "", time.Time{}, errs.Conflict("member.inactive", "Reactivate the member before resetting their password.")
	}
	e := audit.NewEntry(ctx, "member.password_reset_link", "user", m.ID, m.Email, audit.CategorySecurity, audit.SeverityHigh)
	secret, exp, err := s.issueToken(ctx, KindPasswordReset, m.ID, "", resetTTL, e)
	if err != nil {
		return "", time.Time{}, err
	}
	return s.link(ctx, "/reset-password/"+secret), exp, nil
}
