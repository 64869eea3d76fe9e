package httpapi

import (
	"context"

	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
)

type envListOut struct {
	Body struct {
		Items []environment.Environment `json:"items"`
	}
}

func (s *server) listEnvironments(ctx context.Context, in *siteIn) (*envListOut, error) {
	envs, err := s.Environments.List(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &envListOut{}
	out.Body.Items = envs
	return out, nil
}

type envOut struct{ Body environment.Environment }

type createEnvIn struct {
	Site string `path:"site" maxLength:"64"`
	Body environment.CreateInput
}

func (s *server) createEnvironment(ctx context.Context, in *createEnvIn) (*envOut, error) {
	env, err := s.Environments.Create(ctx, in.Site, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &envOut{Body: env}, nil
}

type envIn struct {
	Site string `path:"site" maxLength:"64"`
	Env  string `path:"env" maxLength:"64" doc:"The environment's id or slug"`
}

func (s *server) getEnvironment(ctx context.Context, in *envIn) (*envOut, error) {
	env, err := s.Environments.Get(ctx, in.Site, in.Env)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &envOut{Body: env}, nil
}

type updateEnvIn struct {
	Site string `path:"site" maxLength:"64"`
	Env  string `path:"env" maxLength:"64"`
	Body environment.UpdateInput
}

func (s *server) updateEnvironment(ctx context.Context, in *updateEnvIn) (*envOut, error) {
	env, err := s.Environments.Update(ctx, in.Site, in.Env, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &envOut{Body: env}, nil
}

func (s *server) deleteEnvironment(ctx context.Context, in *envIn) (*struct{}, error) {
	if err := s.Environments.Delete(ctx, in.Site, in.Env); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type putSecretIn struct {
	Site string `path:"site" maxLength:"64"`
	Env  string `path:"env" maxLength:"64"`
	Name string `path:"name" maxLength:"64"`
	Body struct {
		Value string `json:"value" minLength:"1" maxLength:"8192" doc:"The secret; it is sealed at once and never shown again"`
	}
}

func (s *server) putSecret(ctx context.Context, in *putSecretIn) (*envOut, error) {
	env, err := s.Environments.PutSecret(ctx, in.Site, in.Env, in.Name, []byte(in.Body.Value))
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &envOut{Body: env}, nil
}

type secretIn struct {
	Site string `path:"site" maxLength:"64"`
	Env  string `path:"env" maxLength:"64"`
	Name string `path:"name" maxLength:"64"`
}

func (s *server) deleteSecret(ctx context.Context, in *secretIn) (*struct{}, error) {
	if err := s.Environments.DeleteSecret(ctx, in.Site, in.Env, in.Name); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type compareEnvsIn struct {
	Site string `path:"site" maxLength:"64"`
	A    string `query:"a" required:"true" maxLength:"64" doc:"An environment (id or slug)"`
	B    string `query:"b" required:"true" maxLength:"64" doc:"Another environment"`
}

type compareEnvsOut struct{ Body deploy.Comparison }

func (s *server) compareEnvironments(ctx context.Context, in *compareEnvsIn) (*compareEnvsOut, error) {
	c, err := s.Deployments.Compare(ctx, in.Site, in.A, in.B)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &compareEnvsOut{Body: c}, nil
}
