package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/user"
)

type setupStatus struct {
	Body struct {
		SetupRequired bool `json:"setupRequired" doc:"True until the first admin has been created"`
	}
}

func (s *server) getSetup(ctx context.Context, _ *struct{}) (*setupStatus, error) {
	need, err := s.Users.SetupRequired(ctx)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &setupStatus{}
	out.Body.SetupRequired = need
	return out, nil
}

// SessionBody is what the UI needs about the signed-in user.
type SessionBody struct {
	User         user.User `json:"user"`
	Organization user.Org  `json:"organization"`
	CSRFToken    string    `json:"csrfToken" doc:"Send as X-CSRF-Token on every write made with the session cookie"`
	Permissions  []string  `json:"permissions" doc:"Organisation-level actions this user may perform"`
}

type sessionOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
	Body      SessionBody
}

type setupIn struct {
	Body struct {
		OrganizationName string `json:"organizationName" maxLength:"200" example:"Riverside Clinics"`
		Name             string `json:"name" maxLength:"200" example:"Maya Patel"`
		Email            string `json:"email" maxLength:"254" example:"maya@riverside.example"`
		Password         string `json:"password" maxLength:"1024" doc:"At least 12 characters"`
	}
}

func (s *server) setup(ctx context.Context, in *setupIn) (*sessionOut, error) {
	c, err := s.Users.Setup(ctx, user.SetupInput{OrganizationName: in.Body.OrganizationName, Name: in.Body.Name, Email: in.Body.Email, Password: in.Body.Password})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(c), nil
}

type loginIn struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"1024"`
	}
}

func (s *server) login(ctx context.Context, in *loginIn) (*sessionOut, error) {
	c, err := s.Users.Login(ctx, in.Body.Email, in.Body.Password)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.sessionOut(c), nil
}

func (s *server) sessionOut(c user.Credentials) *sessionOut {
	actor := &access.Actor{UserID: c.User.ID, Role: c.User.Role}
	return &sessionOut{
		SetCookie: s.cookie(c.Token, c.Session.ExpiresAt),
		Body:      SessionBody{User: c.User, Organization: c.Org, CSRFToken: c.Session.CSRFToken, Permissions: access.OrgPermissions(actor)},
	}
}

// cookie is the session cookie: HttpOnly, SameSite=Lax, Secure under TLS.
func (s *server) cookie(value string, expires time.Time) http.Cookie {
	c := http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	return c
}

type logoutOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (s *server) logout(ctx context.Context, _ *struct{}) (*logoutOut, error) {
	if err := s.Users.Logout(ctx); err != nil {
		return nil, fail(ctx, err)
	}
	return &logoutOut{SetCookie: s.cookie("", time.Time{})}, nil
}

type meOut struct{ Body SessionBody }

func (s *server) me(ctx context.Context, _ *struct{}) (*meOut, error) {
	u, org, err := s.Users.Me(ctx)
	if err != nil {
		return nil, fail(ctx, err)
	}
	csrf, _ := ctx.Value(csrfKey{}).(string)
	return &meOut{Body: SessionBody{User: u, Organization: org, CSRFToken: csrf, Permissions: access.OrgPermissions(access.ActorFrom(ctx))}}, nil
}

type tokensOut struct {
	Body struct {
		Items []user.Token `json:"items"`
	}
}

func (s *server) listTokens(ctx context.Context, _ *struct{}) (*tokensOut, error) {
	ts, err := s.Users.ListTokens(ctx)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &tokensOut{}
	out.Body.Items = ts
	return out, nil
}

type createTokenIn struct {
	Body struct {
		Name          string `json:"name" maxLength:"100" example:"Deploy script"`
		ExpiresInDays int    `json:"expiresInDays,omitempty" minimum:"0" maximum:"3650" doc:"0 or absent: never expires"`
	}
}

type createTokenOut struct {
	Body struct {
		Token  user.Token `json:"token"`
		Secret string     `json:"secret" doc:"Shown once; store it now"`
	}
}

func (s *server) createToken(ctx context.Context, in *createTokenIn) (*createTokenOut, error) {
	t, secret, err := s.Users.CreateToken(ctx, in.Body.Name, in.Body.ExpiresInDays)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &createTokenOut{}
	out.Body.Token, out.Body.Secret = t, secret
	return out, nil
}

type idIn struct {
	ID string `path:"id" maxLength:"64"`
}

func (s *server) revokeToken(ctx context.Context, in *idIn) (*struct{}, error) {
	if err := s.Users.RevokeToken(ctx, in.ID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
