package httpapi

import (
	"context"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/user"
)

type membersIn struct {
	Q      string `query:"q" maxLength:"200" doc:"Part of a name or email"`
	Role   string `query:"role" enum:"admin,editor,viewer,"`
	Status string `query:"status" enum:"active,deactivated,"`
}

type membersOut struct {
	Body struct {
		Items []user.Member `json:"items"`
	}
}

func (s *server) listMembers(ctx context.Context, in *membersIn) (*membersOut, error) {
	ms, err := s.Users.ListMembers(ctx, user.MemberFilter{Q: in.Q, Role: in.Role, Status: in.Status})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &membersOut{}
	out.Body.Items = ms
	return out, nil
}

type memberOut struct{ Body user.Member }

type memberIn struct {
	ID string `path:"id" maxLength:"64"`
}

type changeRoleIn struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Role access.Role `json:"role" enum:"admin,editor,viewer"`
	}
}

func (s *server) changeRole(ctx context.Context, in *changeRoleIn) (*memberOut, error) {
	return memberResult(ctx)(s.Users.ChangeRole(ctx, in.ID, in.Body.Role))
}

func memberResult(ctx context.Context) func(user.Member, error) (*memberOut, error) {
	return func(m user.Member, err error) (*memberOut, error) {
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &memberOut{Body: m}, nil
	}
}

type grantBody struct {
	ResourceType access.ResourceType `json:"resourceType" enum:"site,page"`
	ResourceID   string              `json:"resourceId" maxLength:"64"`
	Role         access.Role         `json:"role" enum:"admin,editor,viewer"`
}

func (g grantBody) grant() access.Grant {
	return access.Grant{ResourceType: g.ResourceType, ResourceID: g.ResourceID, Role: g.Role}
}

type putGrantIn struct {
	ID   string `path:"id" maxLength:"64"`
	Body grantBody
}

func (s *server) putGrant(ctx context.Context, in *putGrantIn) (*memberOut, error) {
	return memberResult(ctx)(s.Users.PutGrant(ctx, in.ID, in.Body.grant()))
}

type deleteGrantIn struct {
	ID           string `path:"id" maxLength:"64"`
	ResourceType string `path:"resourceType" enum:"site,page"`
	ResourceID   string `path:"resourceId" maxLength:"64"`
}

func (s *server) deleteGrant(ctx context.Context, in *deleteGrantIn) (*memberOut, error) {
	return memberResult(ctx)(s.Users.RevokeGrant(ctx, in.ID, access.ResourceType(in.ResourceType), in.ResourceID))
}

func (s *server) deactivateMember(ctx context.Context, in *memberIn) (*memberOut, error) {
	return memberResult(ctx)(s.Users.SetActive(ctx, in.ID, false))
}

func (s *server) reactivateMember(ctx context.Context, in *memberIn) (*memberOut, error) {
	return memberResult(ctx)(s.Users.SetActive(ctx, in.ID, true))
}

func (s *server) removeMember(ctx context.Context, in *memberIn) (*struct{}, error) {
	if err := s.Users.Remove(ctx, in.ID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type linkOut struct {
	Body struct {
		Link      string    `json:"link"`
		ExpiresAt time.Time `json:"expiresAt"`
	}
}

func (s *server) memberResetLink(ctx context.Context, in *memberIn) (*linkOut, error) {
	link, exp, err := s.Users.AdminResetLink(ctx, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &linkOut{}
	out.Body.Link, out.Body.ExpiresAt = link, exp
	return out, nil
}

type invitationsIn struct {
	Status string `query:"status" enum:"pending,accepted,revoked,expired,"`
}

type invitationsOut struct {
	Body struct {
		Items []user.Invitation `json:"items"`
	}
}

func (s *server) listInvitations(ctx context.Context, in *invitationsIn) (*invitationsOut, error) {
	list, err := s.Users.ListInvitations(ctx, in.Status)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &invitationsOut{}
	out.Body.Items = list
	return out, nil
}

type inviteIn struct {
	Body struct {
		Email  string      `json:"email" maxLength:"254"`
		Role   access.Role `json:"role" enum:"admin,editor,viewer"`
		Grants []grantBody `json:"grants,omitempty" maxItems:"50"`
	}
}

type invitationOut struct {
	Body struct {
		Invitation user.Invitation `json:"invitation"`
		Link       string          `json:"link" doc:"The accept link; show it to the Admin when the email was not sent"`
	}
}

func (s *server) invite(ctx context.Context, in *inviteIn) (*invitationOut, error) {
	gs := make([]access.Grant, len(in.Body.Grants))
	for i, g := range in.Body.Grants {
		gs[i] = g.grant()
	}
	return invitationResult(ctx)(s.Users.Invite(ctx, user.InviteInput{Email: in.Body.Email, Role: in.Body.Role, Grants: gs}))
}

func invitationResult(ctx context.Context) func(user.Invitation, string, error) (*invitationOut, error) {
	return func(inv user.Invitation, link string, err error) (*invitationOut, error) {
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &invitationOut{}
		out.Body.Invitation, out.Body.Link = inv, link
		return out, nil
	}
}

func (s *server) resendInvitation(ctx context.Context, in *idIn) (*invitationOut, error) {
	return invitationResult(ctx)(s.Users.Resend(ctx, in.ID))
}

func (s *server) revokeInvitation(ctx context.Context, in *idIn) (*struct{}, error) {
	if err := s.Users.RevokeInvitation(ctx, in.ID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type acceptInfoIn struct {
	Token string `query:"token" required:"true" maxLength:"100"`
}

type acceptInfoOut struct {
	Body struct {
		Email            string      `json:"email"`
		OrganizationName string      `json:"organizationName"`
		Role             access.Role `json:"role" enum:"admin,editor,viewer"`
		InvitedBy        string      `json:"invitedBy"`
	}
}

func (s *server) invitationInfo(ctx context.Context, in *acceptInfoIn) (*acceptInfoOut, error) {
	inv, org, err := s.Users.InvitationFor(ctx, in.Token)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &acceptInfoOut{}
	out.Body.Email, out.Body.OrganizationName, out.Body.Role, out.Body.InvitedBy = inv.Email, org.Name, inv.Role, inv.InvitedBy.Name
	return out, nil
}

type acceptIn struct {
	Body struct {
		Token    string `json:"token" maxLength:"100"`
		Name     string `json:"name" maxLength:"200"`
		Password string `json:"password" maxLength:"1024"`
	}
}

func (s *server) acceptInvitation(ctx context.Context, in *acceptIn) (*sessionOut, error) {
	c, err := s.Users.Accept(ctx, in.Body.Token, in.Body.Name, in.Body.Password)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(c), nil
}

type resetRequestIn struct {
	Body struct {
		Email string `json:"email" maxLength:"254"`
	}
}

type emptyOut struct {
	Body struct{}
}

func (s *server) requestReset(ctx context.Context, in *resetRequestIn) (*emptyOut, error) {
	if err := s.Users.RequestPasswordReset(ctx, in.Body.Email); err != nil {
		return nil, fail(ctx, err)
	}
	return &emptyOut{}, nil
}

type resetConfirmIn struct {
	Body struct {
		Token    string `json:"token" maxLength:"100"`
		Password string `json:"password" maxLength:"1024"`
	}
}

func (s *server) confirmReset(ctx context.Context, in *resetConfirmIn) (*struct{}, error) {
	if err := s.Users.ResetPassword(ctx, in.Body.Token, in.Body.Password); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type profileIn struct {
	Body struct {
		Name string `json:"name" maxLength:"200"`
	}
}

func (s *server) updateProfile(ctx context.Context, in *profileIn) (*meOut, error) {
	if _, err := s.Users.UpdateProfile(ctx, in.Body.Name); err != nil {
		return nil, fail(ctx, err)
	}
	return s.me(ctx, nil)
}

type passwordIn struct {
	Body struct {
		CurrentPassword string `json:"currentPassword" maxLength:"1024"`
		NewPassword     string `json:"newPassword" maxLength:"1024"`
	}
}

func (s *server) changePassword(ctx context.Context, in *passwordIn) (*struct{}, error) {
	if err := s.Users.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type emailChangeIn struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"1024"`
	}
}

type emailChangeOut struct {
	Body struct {
		Link string `json:"link,omitempty" doc:"Returned when email is not set up: open it to confirm"`
	}
}

func (s *server) requestEmailChange(ctx context.Context, in *emailChangeIn) (*emailChangeOut, error) {
	link, err := s.Users.RequestEmailChange(ctx, in.Body.Email, in.Body.Password)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &emailChangeOut{}
	out.Body.Link = link
	return out, nil
}

type tokenIn struct {
	Body struct {
		Token string `json:"token" maxLength:"100"`
	}
}

func (s *server) confirmEmail(ctx context.Context, in *tokenIn) (*meOut, error) {
	if _, err := s.Users.ConfirmEmail(ctx, in.Body.Token); err != nil {
		return nil, fail(ctx, err)
	}
	return s.me(ctx, nil)
}
