package httpapi

import (
	"context"

	"github.com/pagewright/pagewright/internal/mail"
)

type emailSettingsOut struct{ Body mail.View }

func (s *server) getEmailSettings(ctx context.Context, _ *struct{}) (*emailSettingsOut, error) {
	v, err := s.Mail.Get(ctx)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &emailSettingsOut{Body: v}, nil
}

type emailSettingsIn struct {
	Body mail.Input
}

func (s *server) putEmailSettings(ctx context.Context, in *emailSettingsIn) (*emailSettingsOut, error) {
	v, err := s.Mail.Put(ctx, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &emailSettingsOut{Body: v}, nil
}

type testEmailIn struct {
	Body struct {
		To string `json:"to" maxLength:"254"`
	}
}

type testEmailOut struct {
	Body struct {
		Sent bool `json:"sent"`
	}
}

func (s *server) testEmailSettings(ctx context.Context, in *testEmailIn) (*testEmailOut, error) {
	if err := s.Mail.SendTest(ctx, in.Body.To); err != nil {
		return nil, fail(ctx, err)
	}
	out := &testEmailOut{}
	out.Body.Sent = true
	return out, nil
}
